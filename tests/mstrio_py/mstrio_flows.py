"""mstrio-py's own data flows against mstr-mock-server, unchanged: connection, delegation, a report
with prompts and answer_prompts, a cube, filters (apply_filters, attributes, metrics,
attr_elements), cube publish and status, SQL views, and a SuperCube of two tables published later.
Run: PYTHONPATH=<where mstrio is> python3 mstrio_flows.py <mock base URL>. Each step prints one
"STEP name: value" line; a failed expectation raises, so the exit code says whether all passed."""
import sys, pandas as pd
from mstrio.connection import Connection
from mstrio.project_objects.report import Report
from mstrio.project_objects.datasets import OlapCube, SuperCube
from mstrio.modeling import Prompt
base = sys.argv[1].split('/api/')[0]
REGION = '8D679D4B11D3E4981000E787EC6DE8A4'
CATEGORY = '8D679D3711D3E4981000E787EC6DE8A4'
REVENUE = '4C05177011D3E877C000B3B2D86C964F'
def step(name, value):
    print(f'STEP {name}: {value}', flush=True)

conn = Connection(base, 'analyst', 'analyst-pass', project_name='MicroStrategy Tutorial', login_mode=1)
step('connection project', conn.project_id)
token = conn.get_identity_token()
delegated = Connection(base, identity_token=token, project_id=conn.project_id)
step('delegation user', delegated.user_id if hasattr(delegated, 'user_id') else delegated.user_full_name)
delegated.close()

df = Report(conn, id='1A2B3C4D5E6F708192A3B4C5D6E7F809').to_dataframe()
step('report', f'{len(df)} rows {list(df.columns)}')

prompted = Report(conn, id='5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C')
answered = prompted.answer_prompts([Prompt(type='VALUE', key='A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10', answers=7)], force=True)
from mstrio.api import reports as reports_api
st = reports_api.get_report_status(conn, prompted.id, prompted.instance_id, conn.project_id).json()
step('prompted report answer_prompts', f'{answered}; instance status now {st.get("status")}')
assert answered and st.get('status') == 1
pdf = Report(conn, id='5B1E0C3A4D2F4E6A8B9C0D1E2F3A4B5C').to_dataframe(prompt_answers=[Prompt(type='VALUE', key='A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10', answers=4)])
step('prompted report to_dataframe(prompt_answers)', f'{len(pdf)} rows {list(pdf.columns)}')
assert len(pdf) == 4

r = Report(conn, id='1A2B3C4D5E6F708192A3B4C5D6E7F809')
step('report attributes', [a['name'] for a in r.attributes])
step('report metrics', [m['name'] for m in r.metrics])
step('report attr_elements', [(e['attribute_name'], [x['formValues'] for x in e['elements']]) for e in r.attr_elements])
r.apply_filters(attributes=[REGION], metrics=[REVENUE])
fdf = r.to_dataframe()
assert list(fdf.columns) == ['Region', 'Revenue'] and len(fdf) == 2
step('report apply_filters(attributes=[Region], metrics=[Revenue])', fdf.to_dict('records'))
r2 = Report(conn, id='1A2B3C4D5E6F708192A3B4C5D6E7F809')
r2.apply_filters(attr_elements=[f'{CATEGORY}:Electronics'])
step('report apply_filters(attr_elements=[Category:Electronics])', r2.to_dataframe().to_dict('records'))
r3 = Report(conn, id='1A2B3C4D5E6F708192A3B4C5D6E7F809')
r3.apply_filters(attr_elements=[f'{REGION}:Central'], operator='NotIn')
step('report apply_filters(NotIn Region:Central)', r3.to_dataframe().to_dict('records'))
step('report sql', Report(conn, id='1A2B3C4D5E6F708192A3B4C5D6E7F809').sql.splitlines()[0])

cube = OlapCube(conn, id='8F9A0B1C2D3E4F5061728394A5B6C7D8')
step('cube rows', len(cube.to_dataframe()))
cube2 = OlapCube(conn, id='8F9A0B1C2D3E4F5061728394A5B6C7D8')
step('cube attr_elements Region', [x['formValues'] for x in cube2.attr_elements[0]['elements']])
cube2.apply_filters(attr_elements=[f'{REGION}:South'])
south = cube2.to_dataframe()
step('cube apply_filters(Region:South)', len(south))
assert len(south) == 10 and set(south['Region']) == {'South'}
pub = cube.publish()
step('cube publish', 'sent')
cube.refresh_status()
step('cube refresh_status', cube.status)
assert cube.status & 1  # PROCESSING right after the publish
step('cube sql view', cube.export_sql_view().splitlines()[0])

sc = SuperCube(conn, name='mstrio drive two tables')
sc.add_table('Stores', pd.DataFrame({'Store': ['North', 'Süd'], 'Area': [120.5, 80]}), 'replace')
sc.add_table('Sales', pd.DataFrame({'Store': ['North', 'Süd', 'North'], 'Amount': [10, 20, 30]}), 'replace')
sc.create(folder_id=None)
step('supercube id', sc.id)
back = SuperCube(conn, id=sc.id)
frames = back.to_dataframe(multi_df=True)
step('supercube read back (multi_df)', [(list(f.columns), len(f)) for f in frames])
sc.add_table('Sales', pd.DataFrame({'Store': ['West'], 'Amount': [5]}), 'add')
sc.update(auto_publish=False)
step('supercube update(auto_publish=False)', 'uploaded')
sc.publish()
step('supercube publish later', sc.id)
frames = SuperCube(conn, id=sc.id).to_dataframe(multi_df=True)
step('supercube after add', [(list(f.columns), len(f)) for f in frames])
assert [len(f) for f in frames] == [6, 6]
later = SuperCube(conn, name='mstrio drive published later')
later.add_table('Regions', pd.DataFrame({'Region': ['North', 'South'], 'Revenue': [1.5, 2.5]}), 'replace')
later.add_table('Stores', pd.DataFrame({'Store': ['A', 'B', 'C'], 'Units': [3, 4, 5]}), 'replace')
later.create(folder_id=None, auto_publish=False)
later.refresh_status()
step('supercube create(auto_publish=False) status', later.status)
assert later.status == 0
later.publish()
frames = SuperCube(conn, id=later.id).to_dataframe(multi_df=True)
step('supercube published later', [(list(f.columns), len(f)) for f in frames])
assert [len(f) for f in frames] == [5, 5]
conn.close()
print('ok')
