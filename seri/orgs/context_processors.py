from seri.orgs.permissions import org_ids_administered


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_org_admin": bool(org_ids_administered(user))}
