"""The organisation API: what a company's or an association's token reads and writes
(docs/api-tokens.md). Every write goes through the service and the permission of the screen,
as the token's creator."""
