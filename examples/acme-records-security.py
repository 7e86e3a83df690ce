#!/usr/bin/env python3
"""Deterministic generator for the bs7799 record kinds of the Acme example (security-incident,
leaver-access, backup-job). Written by the `sec` helper; output goes to records/<kind>/2026.csv."""
import csv, random, datetime as dt
from pathlib import Path
ROOT = Path(__file__).resolve().parent / 'acme-contact-centre' / 'records'
rnd = random.Random(7799)

# ---- security incidents: 22 in Jan-Oct; one reported late (Q3), two October ones not yet reviewed
inc = [
 ('2026-01-08T10:12','north','phishing','low','Reported by agent; no click'),
 ('2026-01-19T14:40','south','clear-desk','medium','Note with account number at a payment bay desk'),
 ('2026-02-03T09:05','north','misdirected-email','medium','Complaint letter sent to the wrong customer address'),
 ('2026-02-17T16:22','north','lost-device','medium','Home-agent laptop left on a train; encrypted, wiped remotely'),
 ('2026-03-04T11:30','south','tailgating','low','Courier followed staff through the floor door'),
 ('2026-03-23T08:50','north','phishing','medium','Credential entered on a fake sign-in page; MFA blocked the log-on'),
 ('2026-04-07T13:15','north','access','medium','Mover kept access to the lender queue for 6 days'),
 ('2026-04-21T10:02','south','clear-desk','medium','Card digits written on a pad, fallback payment route'),
 ('2026-05-05T15:45','north','misdirected-email','medium','Spreadsheet of complaint references sent to the wrong client contact'),
 ('2026-05-14T09:30','north','malfunction','low','Recording did not pause on the fallback payment route; platform fault'),
 ('2026-05-28T12:10','south','phishing','low','Reported by agent; no click'),
 ('2026-06-09T17:05','north','lost-device','low','Badge lost and cancelled'),
 ('2026-06-24T11:40','south','access','low','Team leader logged in to the wallboard PC with own account and left it open'),
 ('2026-07-13T10:20','north','phishing','low','Reported by agent; no click'),
 ('2026-07-30T14:05','south','lost-device','medium','Headset bag with a printed rota left in a cafe'),
 ('2026-08-18T09:55','north','misdirected-email','low','Internal report sent to the wrong team'),
 ('2026-09-02T16:30','north','malware','low','Endpoint protection blocked a macro in a CV attachment'),
 ('2026-09-21T13:00','south','access','medium','Agency temps from August and September disabled 2-3 days late (found in the Q3 access review)'),
 ('2026-10-05T10:45','north','phishing','medium','Invoice lure clicked; password reset, no data accessed'),
 ('2026-10-14T08:35','south','clear-desk','low','Rota sheet left on a team leader desk overnight'),
 ('2026-10-22T15:10','north','misdirected-email','medium','Customer letter attached to the wrong CRM case'),
 ('2026-10-28T11:25','north','tailgating','low','Visitor without badge on the first floor'),
]
rows=[]
for i,(d,site,cat,sev,cause) in enumerate(inc,1):
    det=dt.datetime.fromisoformat(d)
    late = d.startswith('2026-07-30')
    rep = det + (dt.timedelta(days=3, hours=2) if late else dt.timedelta(minutes=rnd.randint(5, 300)))
    reviewed = not d.startswith(('2026-10-22','2026-10-28'))
    closed = (rep + dt.timedelta(days=rnd.randint(2,12))) if reviewed else None
    rows.append({'incident_id':f'SI-2026-{i:03d}','detected_at':det.isoformat(timespec='minutes'),
                 'reported_at':rep.isoformat(timespec='minutes'),'category':cat,'severity':sev,
                 'reviewed':'Y' if reviewed else 'N','closed_at':closed.isoformat(timespec='minutes') if closed else '',
                 'site':site,'root_cause':cause})
p=ROOT/'security-incident'; p.mkdir(parents=True,exist_ok=True)
with open(p/'2026.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)

# ---- leavers: north ~3.5 a month, south ~4.5 a month (agency temps included); 5 late at south
rows=[]; n=0
late={('south',3,0):3,('south',3,1):2,('south',7,0):2,('south',8,1):4,('south',9,0):3}
for m in range(1,11):
    for site,k in (('north',rnd.choice([3,3,4,4])),('south',rnd.choice([4,5,5]))):
        for j in range(k):
            n+=1
            day=rnd.randint(1,28)
            left=dt.date(2026,m,day)
            while left.weekday()>4: left-=dt.timedelta(days=1)
            gap=late.get((site,m,j),rnd.choice([0,0,0,0,1]))
            rows.append({'person_id':f'{"N" if site=="north" else "S"}L{n:03d}','left_on':left.isoformat(),
                         'disabled_on':(left+dt.timedelta(days=gap)).isoformat(),'site':site,
                         'systems':'directory;crm;platform;wfm' + (';vpn' if rnd.random()<0.2 else '')})
rows.sort(key=lambda r:r['left_on'])
p=ROOT/'leaver-access'; p.mkdir(parents=True,exist_ok=True)
with open(p/'2026.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)

# ---- backups: four systems nightly; a few failures (rerun next night); restore tests Q1, Q2, Q4 only
systems=[('crm-export','01:00',42.0),('file-server','01:30',310.0),('wfm-db','02:00',6.5),('recordings-archive','02:30',880.0)]
fails={'2026-02-11':'file-server','2026-05-19':'recordings-archive','2026-08-04':'crm-export','2026-08-27':'file-server','2026-10-09':'wfm-db'}
restores={'2026-03-12':('crm-export','11:00'),'2026-06-10':('file-server','14:00'),'2026-10-22':('recordings-archive','10:30')}
rows=[]; d=dt.date(2026,1,1)
while d<=dt.date(2026,10,31):
    for s,t,gb in systems:
        ok = fails.get(d.isoformat())!=s
        rows.append({'system':s,'run_at':f'{d.isoformat()}T{t}:00Z','succeeded':'Y' if ok else 'N','restore_test':'N',
                     'site':'cloud','size_gb':f'{gb*(1+0.0015*(d-dt.date(2026,1,1)).days)*(1 if ok else 0.3):.1f}'})
    if d.isoformat() in restores:
        s,t=restores[d.isoformat()]
        rows.append({'system':s,'run_at':f'{d.isoformat()}T{t}:00Z','succeeded':'Y','restore_test':'Y','site':'cloud','size_gb':''})
    d+=dt.timedelta(days=1)
p=ROOT/'backup-job'; p.mkdir(parents=True,exist_ok=True)
with open(p/'2026.csv','w',newline='') as f:
    w=csv.DictWriter(f,fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
print('ok')
