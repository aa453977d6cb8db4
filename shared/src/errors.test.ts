import { ERROR_CODES, codeOfHttpStatus, httpStatusOf } from './errors';

describe('the status ↔ code table', () => {
  it('reads every status the server answers with back into a code answered with that status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusOf(code);
      expect(httpStatusOf(codeOfHttpStatus(status))).toBe(status >= 500 ? 503 : status);
    }
  });

  it('names the usual statuses', () => {
    expect(codeOfHttpStatus(401)).toBe('UNAUTHENTICATED');
    expect(codeOfHttpStatus(403)).toBe('NOT_ALLOWED');
    expect(codeOfHttpStatus(409)).toBe('CONFLICT');
    expect(codeOfHttpStatus(429)).toBe('RATE_LIMITED');
    expect(codeOfHttpStatus(502)).toBe('UNAVAILABLE');
    expect(codeOfHttpStatus(413)).toBe('INVALID_PAYLOAD');
    expect(httpStatusOf('NOT_YOUR_TURN')).toBe(400);
  });
});
