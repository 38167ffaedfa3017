"""Reads one report through mstrio-py's Report.to_dataframe() against a mock server and prints
"mstrio-py: N rows in S s" (the to_dataframe() call alone is timed), for mstr-report-bench --mstrio.
Usage: python3 mstrio_read.py BASE_URL REPORT_ID"""
import sys
import time

from mstrio.connection import Connection
from mstrio.project_objects.report import Report

base = sys.argv[1].split('/api/')[0]
connection = Connection(base, 'analyst', 'analyst-pass', project_name='MicroStrategy Tutorial', login_mode=1,
                        verbose=False)
report = Report(connection, id=sys.argv[2])
start = time.perf_counter()
frame = report.to_dataframe()
seconds = time.perf_counter() - start
connection.close()
print(f'mstrio-py: {len(frame)} rows in {seconds:.3f} s')
