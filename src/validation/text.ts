// Text a client writes: trimmed, bounded, and free of the control characters no title, name or id
// holds. NUL matters most: SQLite's length() stops at it, so "\u0000abc" would pass a blank check
// here and fail the database's CHECK as a 500.
import { z } from 'zod';

// C0 controls and DEL; a multi-line text (an abstract) may keep tab, newline and carriage return.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const noControl = (pattern: RegExp) => (value: string) => !pattern.test(value);
const CONTROL_MESSAGE = 'must not hold control characters (U+0000 to U+001F, U+007F)';

/** A one-line text: trimmed, not blank, at most `max` characters, no control characters. */
export function line(max: number) {
  return z
    .string()
    .refine(noControl(CONTROL), CONTROL_MESSAGE)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'must not be blank').max(max, `must be at most ${max} characters`));
}

/** A text of several lines (tab, newline and carriage return allowed), at most `max` characters. */
export function prose(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(noControl(CONTROL_IN_PROSE), 'must not hold control characters other than tab and line breaks');
}
