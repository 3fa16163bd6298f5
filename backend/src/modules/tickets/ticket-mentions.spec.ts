import { mentionHandles, parseMentions } from './ticket-mentions';

const sam = { id: 's', name: 'Sam Ops', email: 'sam@msp.test' };
const kim = { id: 'k', name: 'Kim Sales', email: 'kim@msp.test' };
const kim2 = { id: 'k2', name: 'Kim Other', email: 'kim@other.test' };

describe('ticket mentions', () => {
  it('handles are local parts, whole addresses when shared', () => {
    expect(Object.fromEntries(mentionHandles([sam, kim, kim2]))).toEqual({
      s: 'sam',
      k: 'kim@msp.test',
      k2: 'kim@other.test',
    });
  });

  it('finds each mentioned candidate once, in order, ignoring addresses and strangers', () => {
    const body = 'Ping @Kim@msp.test and @sam. Also @sam, @nobody, mail bob@sam.test or x@sam';
    expect(parseMentions(body, [sam, kim, kim2]).map((c) => c.id)).toEqual(['k', 's']);
  });

  it('an ambiguous local part mentions nobody', () => {
    expect(parseMentions('@kim please look', [kim, kim2])).toEqual([]);
    expect(parseMentions('(@kim)', [kim]).map((c) => c.id)).toEqual(['k']);
  });
});
