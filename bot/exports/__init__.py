"""The committee's report files: a workbook, a CSV and a chart, built from the database.

`data.load` reads what the reports need in the transaction, into plain frozen rows
(`rows`); `xlsx`, `csv` and `chart` turn those rows and the labels (`labels`) into bytes
without touching the database, so a file can be built after the transaction ends.
Nothing here is imported eagerly: matplotlib, in particular, loads only for a chart.
"""
