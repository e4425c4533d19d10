from seri.orgs.permissions import org_ids_administered, org_ids_writing_cases


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_org_admin": bool(org_ids_administered(user)),
        # who records reports and works cases: the triage queue and the possible-match queue
        "writes_cases": bool(org_ids_writing_cases(user)),
    }
