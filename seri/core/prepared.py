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
- the queryset's SQL may depend only on the function's arguments (ints or strings, each used
  as a plain parameter, once or more), never on the clock, settings or the database's
  contents; the first use builds it twice with different stand-ins and refuses (`ValueError`)
  when anything but the stand-ins differs, or when an argument is not a parameter;
- `list()` returns a list, evaluated at once, with `prefetch_related` done as usual: a
  prepared query is never filtered further (a new filter would need a new compile).
"""

import copy
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import connections
from django.db.models import QuerySet


def _stand_in(kind: type, index: int, round_: int) -> int | str:
    # Values no row holds: keys are positive, and no stored text has these control marks.
    if kind is int:
        return -7_300_000_000_000 - 100 * round_ - index - 1
    return f"\x1fseri-prepared-{round_}-{index}\x1f"


class _Compiled:
    def __init__(self, queryset: QuerySet, compiler: Any, sql: str, params: tuple, slots: dict):
        self.queryset = queryset
        self.compiler = compiler  # compiled: knows the selected columns and their models
        self.sql = sql
        self.params = params
        self.slots = slots  # parameter position → argument position


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def queryset(self, *values: int | str) -> QuerySet:
        """The queryset built the ordinary way (to filter further, or to compare)."""
        return self.build(*values)

    def list(self, *values: int | str) -> list[Any]:
        kinds = tuple(type(value) for value in values)
        if any(kind not in (int, str) for kind in kinds):
            raise TypeError(f"{self.__name__}: prepared queries take ints and strings")
        compiled = self._compiled.get(kinds)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(kinds) or self._compile(kinds)
                self._compiled[kinds] = compiled
        params = list(compiled.params)
        for position, argument in compiled.slots.items():
            params[position] = values[argument]
        queryset = compiled.queryset.all()  # a clone
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[queryset.db]
        compiler.as_sql = partial(_fixed, compiled.sql, tuple(params))
        # This clone is private to this call and evaluated here, so the compiler put on it
        # reaches no other queryset.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)

    def _compile(self, kinds: tuple[type, ...]) -> _Compiled:
        built = []
        for round_ in (0, 1):
            stand_ins = [_stand_in(kind, i, round_) for i, kind in enumerate(kinds)]
            queryset = self.build(*stand_ins)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            built.append((queryset, compiler, sql, tuple(params), stand_ins))
        (queryset, compiler, sql, params, first), (_, _, sql_2, params_2, second) = built
        slots: dict[int, int] = {}
        if sql != sql_2 or len(params) != len(params_2):
            raise ValueError(f"{self.__name__}: its SQL changes with its arguments' values")
        for position, (one, two) in enumerate(zip(params, params_2, strict=True)):
            if one in first and two == second[first.index(one)]:
                slots[position] = first.index(one)
            elif one != two:
                raise ValueError(f"{self.__name__}: a parameter changes between two builds")
        if set(slots.values()) != set(range(len(kinds))):
            raise ValueError(f"{self.__name__}: each argument must be a plain parameter")
        return _Compiled(queryset, compiler, sql, params, slots)


def _fixed(sql: str, params: tuple, *args: Any, **kwargs: Any) -> tuple[str, tuple]:
    return sql, params


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    return PreparedQuery(build)
