from django.urls import path

from . import statement_views, views

app_name = "civic"

urlpatterns = [
    path("", views.counter, name="counter"),
    path("inscription/", views.join, name="join"),
    path("donnees.csv", views.open_data, name="open_data"),
    path("mon-compte/", views.my_days, name="my_days"),
    path("besoins/<int:need_pk>/reserver/", views.book, name="book"),
    path("journees/<int:pk>/reponse/", views.booking_answer, name="booking_answer"),
    path("reponse/<str:token>/", views.answer, name="answer"),
    path("releve/<int:year>.pdf", statement_views.statement_pdf, name="statement_pdf"),
    path(
        "entreprise/<int:company_pk>/<int:year>.<str:fmt>",
        statement_views.employer_export,
        name="employer_export",
    ),
    path(
        "operateur/<int:year>.<str:fmt>",
        statement_views.operator_export,
        name="operator_export",
    ),
]
