// Integration tests talk to real MariaDB/Redis; allow for a slow CI machine.
jest.setTimeout(30000);
