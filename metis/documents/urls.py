from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    # Receipts (association managers issue; company referents download).
    path("associations/<int:pk>/recus/", views.association_receipts, name="association_receipts"),
    path("associations/<int:pk>/recus/lot/", views.receipt_batch_start, name="receipt_batch_start"),
    path(
        "associations/<int:pk>/declaration/",
        views.association_declaration,
        name="association_declaration",
    ),
    path("recus/lots/<int:pk>/", views.receipt_batch, name="receipt_batch"),
    path("recus/lots/<int:pk>/annuler/", views.receipt_batch_cancel, name="receipt_batch_cancel"),
    path("recus/<int:pk>/", views.receipt_detail, name="receipt_detail"),
    path("recus/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("recus/<int:pk>/annuler/", views.receipt_cancel, name="receipt_cancel"),
    # Agreements and amendments.
    path("conventions/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("conventions/<int:pk>/v<int:number>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("conventions/<int:pk>/annexes/<int:annex>.pdf", views.annex_pdf, name="annex_pdf"),
    path("conventions/<int:pk>/accepter/", views.agreement_accept, name="agreement_accept"),
    path("avenants/<int:pk>/", views.amendment_detail, name="amendment_detail"),
    path("avenants/<int:pk>/pdf/", views.amendment_pdf, name="amendment_pdf"),
    path("avenants/<int:pk>/accepter/", views.amendment_accept, name="amendment_accept"),
    # Attestation (the employee) and statements (company referents).
    path("attestation/<int:year>/", views.attestation_pdf, name="attestation_pdf"),
    path("entreprises/<int:pk>/releves/", views.company_statements, name="company_statements"),
    path(
        "entreprises/<int:pk>/releves/<str:end_date>.<str:fmt>",
        views.company_statement,
        name="company_statement",
    ),
]
