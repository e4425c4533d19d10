"""Querysets whose SQL is built once per process, then run with new values.

Django builds and compiles a queryset's SQL anew every time it is evaluated: resolving each
filter's lookups, the model's ordering, the joins of `select_related`, hashing expressions to
drop duplicates. For the small queries of a page — a person's names, a case's tasks — that
costs more than PostgreSQL's work: a py-spy profile of the case page put about a third of the
request in `SQLCompiler.as_sql` and another tenth in building the filters (docs/benchmarks.md,
eighth round). A `PreparedQuery` builds its queryset once, with stand-in values, keeps the SQL
and the compiler that knows how to turn rows into model instances, and afterwards only puts the
asked values in the stand-ins' places.

    @prepared
    def names_of(person_id: int) -> QuerySet:
        return PersonName.objects.filter(person_id=person_id).order_by("id")

    names = names_of.list(person.pk)

The contract, checked where it can be:
- the queryset's SQL may depend only on the function's arguments — ints or strings, each used
  as a plain parameter, once or more, or tuples of them for `__in` (compiled once per
  length) —, never on the clock, settings or the database's contents; the first use builds
  it twice with different stand-ins and refuses (`ValueError`) when anything but the
  stand-ins differs, or when an argument is not a parameter;
- `list()` returns a list, evaluated at once, with `prefetch_related` done as usual, and
  `count()` the number of its rows: a prepared query is never filtered further (a new filter
  would need a new compile).
"""

import copy
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import connections
from django.db.models import F, Func, IntegerField, QuerySet

Value = int | str | tuple[int | str, ...]
# A tuple (for `__in`) is compiled once per length, up to this length; a longer one, or one
# more shape than MAX_SHAPES, takes the ordinary path.
MAX_TUPLE = 32
MAX_SHAPES = 64


def _stand_in(kind: type, index: int, round_: int) -> int | str:
    # Values no row holds: keys are positive, and no stored text has these control marks.
    if kind is int:
        return -7_300_000_000_000 - 1000 * round_ - index - 1
    return f"\x1fseri-prepared-{round_}-{index}\x1f"


def _shape(value: Value) -> type | tuple[type, ...]:
    if isinstance(value, tuple):
        return tuple(_shape(item) for item in value)  # type: ignore[misc]
    if type(value) not in (int, str):
        raise TypeError(f"prepared queries take ints, strings and tuples of them: {value!r}")
    return type(value)


def _flat(values: tuple[Value, ...]) -> list[int | str]:
    return [item for value in values for item in (value if isinstance(value, tuple) else (value,))]


class _Compiled:
    def __init__(self, queryset: QuerySet, compiler: Any, sql: str, params: tuple, slots: dict):
        self.queryset = queryset
        self.compiler = compiler  # compiled: knows the selected columns and their models
        self.sql = sql
        self.params = params
        self.slots = slots  # parameter position → position in the flattened arguments


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()
        self._counter: PreparedQuery | None = None

    def count(self, *values: Value) -> int:
        """How many rows `list` would give, counted by the database (a prepared query too)."""
        if self._counter is None:
            build = self.build
            self._counter = PreparedQuery(lambda *values: _counted(build(*values)))
            self._counter.__name__ = f"{self.__name__} (count)"
        return self._counter.list(*values)[0]

    def queryset(self, *values: Value) -> QuerySet:
        """The queryset built the ordinary way (to filter further, or to compare)."""
        return self.build(*values)

    def list(self, *values: Value) -> list[Any]:
        shapes = tuple(_shape(value) for value in values)
        compiled = self._compiled.get(shapes)
        if compiled is None:
            tuples = [value for value in values if isinstance(value, tuple)]
            if (
                any(not 0 < len(t) <= MAX_TUPLE for t in tuples)
                or len(self._compiled) >= MAX_SHAPES
            ):
                return list(self.build(*values))  # `IN ()`, or too many shapes to keep
            with self._lock:
                compiled = self._compiled.get(shapes) or self._compile(shapes)
                self._compiled[shapes] = compiled
        flat = _flat(values)
        params = list(compiled.params)
        for position, index in compiled.slots.items():
            params[position] = flat[index]
        queryset = compiled.queryset.all()  # a clone
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[queryset.db]
        compiler.as_sql = partial(_fixed, compiled.sql, tuple(params))
        # This clone is private to this call and evaluated here, so the compiler put on it
        # reaches no other queryset.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)

    def _compile(self, shapes: tuple) -> _Compiled:
        built = []
        for round_ in (0, 1):
            counter = iter(range(1_000))
            stand_ins = [
                tuple(_stand_in(kind, next(counter), round_) for kind in shape)
                if isinstance(shape, tuple)
                else _stand_in(shape, next(counter), round_)
                for shape in shapes
            ]
            queryset = self.build(*stand_ins)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            built.append((queryset, compiler, sql, tuple(params), _flat(tuple(stand_ins))))
        (queryset, compiler, sql, params, first), (_, _, sql_2, params_2, second) = built
        slots: dict[int, int] = {}
        if sql != sql_2 or len(params) != len(params_2):
            raise ValueError(f"{self.__name__}: its SQL changes with its arguments' values")
        for position, (one, two) in enumerate(zip(params, params_2, strict=True)):
            if one in first and two == second[first.index(one)]:
                slots[position] = first.index(one)
            elif one != two:
                raise ValueError(f"{self.__name__}: a parameter changes between two builds")
        if set(slots.values()) != set(range(len(first))):
            raise ValueError(f"{self.__name__}: each argument must be a plain parameter")
        return _Compiled(queryset, compiler, sql, params, slots)


def _counted(queryset: QuerySet) -> QuerySet:
    # COUNT as a plain function: `Count` would make Django group by every column of the row,
    # and `.count()` runs at once instead of giving a queryset to prepare.
    return queryset.order_by().values_list(
        Func(F("pk"), function="COUNT", output_field=IntegerField()), flat=True
    )


def _fixed(sql: str, params: tuple, *args: Any, **kwargs: Any) -> tuple[str, tuple]:
    return sql, params


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    return PreparedQuery(build)
