from rules.contrib.views import permission_required as rules_permission_required


def permission_required(perm, fn=None):
    """Check a named object permission; a logged-in person without it gets a 403 (anonymous
    people never reach a non-public view: LoginRequiredMiddleware sends them to the log-in)."""
    return rules_permission_required(perm, fn=fn, raise_exception=True)
