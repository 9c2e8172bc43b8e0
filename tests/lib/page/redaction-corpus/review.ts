import { c, type Case } from './case';

/** Cases found by reading the rules for what they would get wrong (not by running them). */
export const REVIEW: Case[] = [
  c('Customer service: 020 7946 0958 (9–5)', 'phone=020 7946 0958'),
  c('Account manager: Jane Roe, 0161 496 0000', 'phone=0161 496 0000'),
  c('To order, call 030 1234567', 'phone=030 1234567'),
  c('Orders: 020 7946 0123', 'phone=020 7946 0123'),
  c('Customer no. 0123 456 789, please quote it'),
];
