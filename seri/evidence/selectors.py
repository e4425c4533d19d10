"""Reads of sources and evidence, for the asking user."""

from django.db.models import Q, QuerySet
from django.http import Http404

from seri.cases.scoping import cases_sharing, cases_visible_to
from seri.evidence.models import CustodyEntry, EvidenceFile, Source, Visibility
from seri.evidence.permissions import RESTRICTED_ROLES
from seri.orgs import permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES


def sources_visible_to(user) -> QuerySet[Source]:
    members = permissions.all_org_ids(user)
    if not members:
        return Source.objects.none()
    restricted = permissions.org_ids_with_roles(user, RESTRICTED_ROLES)
    return Source.objects.filter(
        Q(visibility__in=[Visibility.PUBLIC, Visibility.COALITION])
        | Q(visibility=Visibility.ORGANISATION, organisation_id__in=members)
        | Q(visibility=Visibility.RESTRICTED, organisation_id__in=restricted)
    )


def source_list_for_user(
    user, *, kind: str = "", country: str = "", compound: str = ""
) -> QuerySet[Source]:
    """Sources the user may see; `compound` is a compound's public id."""
    sources = (
        sources_visible_to(user)
        .select_related("organisation")
        .prefetch_related("translations", "compounds")
    )
    if kind:
        sources = sources.filter(kind=kind)
    if country:
        sources = sources.filter(country=country)
    if compound:
        sources = sources.filter(compounds__public_id=compound)
    return sources


def source_get_for_user(user, public_id) -> Source:
    try:
        return sources_visible_to(user).get(public_id=public_id)
    except (Source.DoesNotExist, ValueError):
        raise Http404 from None


def evidence_visible_to(user) -> QuerySet[EvidenceFile]:
    """Files the user's organisations hold (roles that see their cases), files on cases whose
    evidence the user may see (a partner: when the referral shares it), and the files a
    partner's own organisation added to a case referred to it (seri.referrals.sharing.shows)."""
    own = permissions.org_ids_with_roles(user, ROLES_SEEING_OWN_CASES)
    member_of = permissions.all_org_ids(user)
    if not member_of:
        return EvidenceFile.objects.none()
    return EvidenceFile.objects.filter(
        Q(organisation_id__in=own)
        | Q(case__in=cases_sharing(user, "evidence"))
        | Q(organisation_id__in=member_of, case__in=cases_visible_to(user))
    ).select_related("uploaded_by", "case", "compound", "source", "capture")


def evidence_list_for_user(
    user, *, case: str = "", compound: str = "", source: str = ""
) -> QuerySet[EvidenceFile]:
    """Files the user may see, of one case (by reference), compound or source (by public id)."""
    files = evidence_visible_to(user).select_related("organisation")
    if case:
        files = files.filter(case__reference=case)
    if compound:
        files = files.filter(compound__public_id=compound)
    if source:
        files = files.filter(source__public_id=source)
    return files


def evidence_get_for_user(user, public_id) -> EvidenceFile:
    try:
        return evidence_visible_to(user).get(public_id=public_id)
    except (EvidenceFile.DoesNotExist, ValueError):
        raise Http404 from None


def custody_of(evidence: EvidenceFile) -> QuerySet[CustodyEntry]:
    return (
        CustodyEntry.objects.filter(evidence=evidence)
        .select_related("actor", "organisation")
        .order_by("sequence")
    )
