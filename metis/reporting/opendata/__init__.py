"""Open data (docs/open-data.md): daily datasets per territory and national, CSV and JSON, with
a Table Schema each, under the Licence Ouverte 2.0. Sums by programme, month, association and
need: no personal data."""
