import { parseCsv, readClusterCsv } from './clusters-csv';

const FP = Array(32).fill('AB').join(':');

describe('cluster CSV import', () => {
  it('reads quoted fields with commas, doubled quotes and CRLF', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n\r\nlast,row');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['last', 'row'] },
    ]);
  });

  it('validates each row and reports every problem with its line', () => {
    const csv = [
      'name,endpoints,token_id,token_secret,fingerprint,location,tags',
      `lab,https://10.0.0.1:8006;10.0.0.2,root@pam!mp,secret,${FP},Berlin,prod;eu`,
      'bad name!,ftp://x,rootpam,secret,,,',
      `lab,10.0.0.9,root@pam!mp,s,${FP},,`,
      'nocreds,10.0.0.3,,,,,',
    ].join('\n');
    const { rows, headerProblems } = readClusterCsv(csv);
    expect(headerProblems).toEqual([]);
    expect(rows).toHaveLength(4);

    expect(rows[0].problems).toEqual([]);
    expect(rows[0].input).toMatchObject({
      name: 'lab',
      endpoints: [{ url: 'https://10.0.0.1:8006' }, { url: '10.0.0.2' }],
      credentials: { type: 'token', tokenId: 'root@pam!mp' },
      tags: ['prod', 'eu'],
      location: 'Berlin',
    });

    const bad = rows[1];
    expect(bad.input).toBeUndefined();
    expect(bad.problems.join(' | ')).toMatch(/name:/);
    expect(bad.problems.join(' | ')).toMatch(/endpoints/);
    expect(bad.problems.join(' | ')).toMatch(/tokenId: must look like user@realm!tokenname/);

    expect(rows[2].problems).toEqual(['name "lab" repeats line 2']);
    expect(rows[3].problems.join(' | ')).toMatch(/needs token_id \+ token_secret/);
    expect(rows[3].problems.join(' | ')).toMatch(/fingerprint/);
  });

  it('rejects unknown or missing header columns', () => {
    expect(readClusterCsv('name,host\nx,y').headerProblems).toEqual([
      expect.stringMatching(/unknown column "host"/),
      'missing column "endpoints"',
    ]);
  });
});
