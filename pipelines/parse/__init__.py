"""Parse: raw pages and archive records into clean articles (text, title, author, date, language).

The stage's entry point is ``pipelines.parse.stage.parse_partition``; the modules beside it each
hold one concern (charsets and HTML, archive records, cleaning, sentences, language, URLs).
"""
