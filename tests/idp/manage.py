#!/usr/bin/env python
"""The identity provider of the single sign-on tests (docs/sso.md): a small Django project with
django-oauth-toolkit's OpenID Connect provider. Not part of METIS; started by
metis/sso/tests/idp.py."""

import os
import sys

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = "idp_project.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
