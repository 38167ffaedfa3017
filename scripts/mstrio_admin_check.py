# Drives mstrio-py's own administration classes against the mock (mstr-mock-server), to check
# that the mock answers them as a Library server would:
#   PYTHONPATH=<site-packages with mstrio> python3 scripts/mstrio_admin_check.py "$(mstr-mock-server | head -1)"
# Run it on a fresh mock: it cancels two of the seeded jobs.
import sys, traceback
from mstrio.connection import Connection
from mstrio.users_and_groups import list_users, User, UserGroup
from mstrio.server import Project, Environment
from mstrio.access_and_security.security_role import SecurityRole, list_security_roles
from mstrio.object_management import Folder
from mstrio.object_management.search_operations import quick_search
from mstrio.server.job_monitor import list_jobs, kill_jobs, Job
from mstrio.helpers import Rights

base = sys.argv[1].split('/api/')[0]
conn = Connection(base, 'administrator', 'admin-pass', project_name='MicroStrategy Tutorial', login_mode=1)
print('project', conn.project_id)

def step(name, fn):
    try:
        print(name, '->', fn())
    except Exception as e:
        print(name, 'FAILED:', type(e).__name__, str(e)[:300])
        traceback.print_exc(limit=3)

step('list_users', lambda: sorted(u.username for u in list_users(conn)))
step('list_users name_begins', lambda: [u.username for u in list_users(conn, name_begins='Ana')])
user = None
def create_user():
    global user
    user = User.create(conn, username='mstrio_user', full_name='Mstrio User', password='Secret-123', description='made by mstrio')
    return (user.id, user.username, user.full_name)
step('User.create', create_user)
def alter_user():
    user.alter(full_name='Mstrio User Renamed', enabled=False)
    fresh = User(conn, id=user.id)
    return (fresh.full_name, fresh.enabled)
step('User.alter', alter_user)
group = None
def create_group():
    global group
    group = UserGroup.create(conn, name='Mstrio Group', description='made by mstrio')
    return (group.id, group.name)
step('UserGroup.create', create_group)
def add_users():
    group.add_users([user])
    return [m.name for m in group.list_members()]
step('UserGroup.add_users', add_users)
step('User.add_to_user_groups', lambda: (user.add_to_user_groups(['5F3FAFE111D2D8CC6000CC8E67019608']), [g.get('name') if isinstance(g, dict) else g.name for g in User(conn, id=user.id).memberships])[1])

def project_unload_load():
    project = Project(conn, name='MicroStrategy Tutorial')
    project.unload(on_nodes=['mock-iserver-2'])
    env = Environment(conn)
    nodes = env.list_nodes(project=project)
    statuses = [(n['name'], n['projects'][0]['status']) for n in nodes]
    project.load(on_nodes=['mock-iserver-2'])
    nodes = env.list_nodes(project=project)
    return statuses, [(n['name'], n['projects'][0]['status']) for n in nodes]
step('Project.unload/load', project_unload_load)
def project_per_node():
    project = Project(conn, name='MicroStrategy Tutorial')
    project._unload_project('mock-iserver-2')
    env = Environment(conn)
    after_unload = [(n['name'], n['projects'][0]['status']) for n in env.list_nodes(project=project)]
    project._load_project('mock-iserver-2')
    return after_unload, [(n['name'], n['projects'][0]['status']) for n in env.list_nodes(project=project)]
step('Project._unload_project/_load_project (per node)', project_per_node)
step('Environment.list_projects', lambda: [p.name for p in Environment(conn).list_projects()])

def acl_edit():
    folder = Folder(conn, id='D3C7D461F69C4610AA6BAA5EF51F4125')
    folder.acl_add(rights=Rights.READ | Rights.BROWSE, trustees=[user], denied=False)
    after_add = [(a.trustee_name, a.rights, a.deny) for a in folder.acl]
    folder.acl_remove(rights=Rights.READ | Rights.BROWSE, trustees=[user], denied=False)
    return after_add, [(a.trustee_name, a.rights, a.deny) for a in folder.acl]
step('Folder.acl_add/acl_remove', acl_edit)
def set_permission():
    from mstrio.utils.acl import Permissions
    group.set_permission(permission=Permissions.VIEW, to_objects=['D3C7D461F69C4610AA6BAA5EF51F4125'], object_type=8)
    folder = Folder(conn, id='D3C7D461F69C4610AA6BAA5EF51F4125')
    return [(a.trustee_name, a.rights, a.deny) for a in folder.acl]
step('UserGroup.set_permission View', set_permission)

def roles():
    role = SecurityRole(conn, name='Normal Users')
    role.grant_to(members=[user], project='MicroStrategy Tutorial')
    granted = [m.name for m in role.list_members(project_name='MicroStrategy Tutorial')]
    role.revoke_from(members=[user], project='MicroStrategy Tutorial')
    return granted, [m.name for m in role.list_members(project_name='MicroStrategy Tutorial')]
step('list_security_roles', lambda: [r.name for r in list_security_roles(conn)])
step('SecurityRole.grant_to/revoke_from', roles)

folder_made = None
def make_folder():
    global folder_made
    folder_made = Folder.create(conn, name='Mstrio Folder', parent='D3C7D461F69C4610AA6BAA5EF51F4125', description='x')
    return (folder_made.id, folder_made.name, folder_made.path if hasattr(folder_made, 'path') else None)
step('Folder.create', make_folder)
step('Folder.get_contents', lambda: [o.name for o in Folder(conn, id='D3C7D461F69C4610AA6BAA5EF51F4125').get_contents()])
step('quick_search', lambda: [o.get('name') if isinstance(o, dict) else o.name for o in quick_search(conn, project=conn.project_id, name='Revenue')])
step('list_jobs', lambda: sorted(j.id for j in list_jobs(conn)))
step('kill_jobs', lambda: (lambda r: (type(r).__name__, bool(r), [i.get('jobId') for i in getattr(r, 'succeeded', [])], [i.get('jobId') for i in getattr(r, 'failed', [])]))(kill_jobs(conn, ['81201', '999999'])))
step('Job.kill', lambda: Job(conn, id='81202').kill())
step('Folder.delete', lambda: folder_made.delete(force=True))
step('UserGroup.delete', lambda: group.delete(force=True))
step('User.delete', lambda: user.delete(force=True))
step('list_users after delete', lambda: sorted(u.username for u in list_users(conn)))
conn.close()
print('done')
