/**
 * The built-in cruft rules, in the order strip tries them: the first rule that matches a block
 * names the reason it is removed for, so precise rules come before broad ones.
 */
import type { Rule } from '../rule.js';
import { CALL_TO_ACTION_RULES } from './calls-to-action.js';
import { CREDIT_RULES } from './credits.js';
import { NAVIGATION_RULES } from './navigation.js';
import { RELATED_RULES } from './related.js';
import { SOCIAL_RULES } from './social.js';
import { WIDGET_RULES } from './widgets.js';

export const BUILTIN_RULES: readonly Rule[] = [
  ...WIDGET_RULES,
  ...SOCIAL_RULES,
  ...CALL_TO_ACTION_RULES,
  ...CREDIT_RULES,
  ...RELATED_RULES,
  ...NAVIGATION_RULES,
];
