"""factory_boy factories for domain objects. Synthetic data only: names look made up."""

import factory

from seri.cases.models import Case, Nationality, Person, PersonName, PhoneNumber
from seri.cases.services import person_index_names
from seri.compounds.models import Compound
from seri.core.vocabularies import OrganisationType
from seri.orgs.models import Membership, Organisation, Role, User

PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    short_name = factory.Sequence(lambda n: f"TO{n}")
    type = OrganisationType.NGO
    country = "KH"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            organisation, role = extracted
            Membership.objects.create(user=self, organisation=organisation, role=role)


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    name = factory.Sequence(lambda n: f"Test Compound {n}")
    province = "Preah Sihanouk"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def name(self, create, extracted, **kwargs):
        value = extracted or "Testperson Example"
        PersonName.objects.create(person=self, kind="full", script="Latn", value=value)
        person_index_names(person=self, names=[value])

    @factory.post_generation
    def nationality(self, create, extracted, **kwargs):
        if extracted:
            Nationality.objects.create(person=self, country=extracted)

    @factory.post_generation
    def phone(self, create, extracted, **kwargs):
        if extracted:
            PhoneNumber.objects.create(person=self, e164=extracted, original=extracted)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))


__all__ = [
    "PASSWORD",
    "CaseFactory",
    "CompoundFactory",
    "OrganisationFactory",
    "PersonFactory",
    "Role",
    "UserFactory",
]
