"""Parse: raw pages and archive records into clean articles (text, title, author, date, language)."""
