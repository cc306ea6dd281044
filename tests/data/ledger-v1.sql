-- A schema 1 ledger, written by certminder 0.1 before schema 2 (the
-- release before the migration) over three live nights of tests/integration/
-- agency.py's Riverton PD: 2026-11-23 (Lee's reminder refused, 550),
-- 2026-11-24, and 2026-11-30 (Bob's reminder deferred, 451).  Dumped
-- with Python's sqlite3 iterdump(); test_history.py restores it.
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO "meta" VALUES('schema','1');
INSERT INTO "meta" VALUES('digest:901','12|MHFA:60:20823
');
INSERT INTO "meta" VALUES('digest:900','3|MHFA:expired:20605
4|MHFA:missing
1|MHFA:60:20838|CIT:60:20838
2|MHFA:90:20874
');
INSERT INTO "meta" VALUES('summary:state','@20787
#Riverton PD	MHFA	0
#Riverton PD	CIT	1
900	21336	-2147483648
1	20838	20838
2	20874	-2147483648
3	20605	-2147483648
4	-2147483648	-2147483648
5	21153	-2147483648
6	21193	21193
7	21253	21253
901	21336	21336
11	21336	-2147483648
12	20823	-2147483648
');
INSERT INTO "meta" VALUES('sworn','11');
CREATE TABLE notices (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, person TEXT NOT NULL,
  cert TEXT NOT NULL, expires TEXT NOT NULL, stage TEXT NOT NULL,
  recipient TEXT NOT NULL, outcome TEXT NOT NULL, answer TEXT,
  sent_on TEXT NOT NULL, sent_at TEXT NOT NULL);
INSERT INTO "notices" VALUES(1,'reminder','1','MHFA','2027-01-20','60','ana@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(2,'reminder','1','CIT','2027-01-20','60','ana@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(3,'expired','3','MHFA','2026-06-01','expired','cara@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(4,'missing','4','MHFA','','missing','dan@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(5,'digest','900','','','','sgt@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(6,'digest','901','','','','lt@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(7,'reminder','12','MHFA','2027-01-05','60','lee@riverton.example','failed','550 5.1.1 <lee@riverton.example>: Recipient address rejected: User unknown','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(8,'summary','','','','','coordinator@riverton.example','sent','250 Message accepted','2026-11-23','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(9,'reminder','2','MHFA','2027-02-25','90','bob@riverton.example','deferred','451 try again later','2026-11-30','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(10,'digest','900','','','','sgt@riverton.example','sent','250 Message accepted','2026-11-30','2026-12-01T18:28:54Z');
INSERT INTO "notices" VALUES(11,'summary','','','','','coordinator@riverton.example','sent','250 Message accepted','2026-11-30','2026-12-01T18:28:54Z');
CREATE TABLE pending (
  kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, today TEXT NOT NULL, finished_at TEXT NOT NULL,
  outcome TEXT NOT NULL, active INTEGER, sent INTEGER, deferred INTEGER,
  failed INTEGER, message TEXT);
INSERT INTO "runs" VALUES(1,'2026-11-23','2026-12-01T18:28:54Z','completed',11,6,0,1,NULL);
INSERT INTO "runs" VALUES(2,'2026-11-24','2026-12-01T18:28:54Z','completed',11,0,0,0,NULL);
INSERT INTO "runs" VALUES(3,'2026-11-30','2026-12-01T18:28:54Z','deferred',11,2,1,0,NULL);
CREATE TABLE seen (
  person TEXT NOT NULL, cert TEXT NOT NULL, expires TEXT NOT NULL,
  PRIMARY KEY (person, cert));
INSERT INTO "seen" VALUES('900','MHFA','2028-06-01');
INSERT INTO "seen" VALUES('1','MHFA','2027-01-20');
INSERT INTO "seen" VALUES('1','CIT','2027-01-20');
INSERT INTO "seen" VALUES('2','MHFA','2027-02-25');
INSERT INTO "seen" VALUES('3','MHFA','2026-06-01');
INSERT INTO "seen" VALUES('5','MHFA','2027-12-01');
INSERT INTO "seen" VALUES('6','MHFA','2028-01-10');
INSERT INTO "seen" VALUES('6','CIT','2028-01-10');
INSERT INTO "seen" VALUES('7','MHFA','2028-03-10');
INSERT INTO "seen" VALUES('7','CIT','2028-03-10');
INSERT INTO "seen" VALUES('901','MHFA','2028-06-01');
INSERT INTO "seen" VALUES('901','CIT','2028-06-01');
INSERT INTO "seen" VALUES('11','MHFA','2028-06-01');
INSERT INTO "seen" VALUES('12','MHFA','2027-01-05');
CREATE TABLE thresholds (
  agency TEXT NOT NULL, cert TEXT NOT NULL, met INTEGER NOT NULL,
  PRIMARY KEY (agency, cert));
INSERT INTO "thresholds" VALUES('Riverton PD','MHFA',0);
INSERT INTO "thresholds" VALUES('Riverton PD','CIT',1);
CREATE INDEX notices_key
  ON notices (person, cert, expires, kind, stage);
COMMIT;
