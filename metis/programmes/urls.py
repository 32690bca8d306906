from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("nouveau/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/modifier/", views.programme_update, name="update"),
    path("<int:pk>/deliberations/", views.council_texts, name="council_texts"),
    path("<int:pk>/ouvrir/", views.programme_action, {"action": "open"}, name="open"),
    path("<int:pk>/cloturer/", views.programme_action, {"action": "close"}, name="close"),
    path("<int:pk>/copier/", views.programme_action, {"action": "copy"}, name="copy"),
    path("<int:pk>/subventions/proposer/", views.subsidy_propose, name="subsidy_propose"),
    path("subventions/<int:pk>/voter/", views.subsidy_vote, name="subsidy_vote"),
    path("subventions/<int:pk>/cloturer/", views.subsidy_close, name="subsidy_close"),
    path("engagements/", views.pledge_list, name="pledge_list"),
    path("engagements/nouveau/", views.pledge_create, name="pledge_create"),
    path("engagements/<int:pk>/signer/", views.pledge_sign, name="pledge_sign"),
    path("engagements/<int:pk>/cloturer/", views.pledge_close, name="pledge_close"),
]
