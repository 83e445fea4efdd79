/** Shapes of the template routes (API.md "Templates"), from the shared contract in @conversa/shared. */
import type {
  CreateTemplateInput,
  TemplateButtonType,
  TemplateCategory,
  TemplateComponent,
  TemplateEventView,
  TemplateHeaderFormat,
  TemplatePage,
  TemplateStats,
  TemplateStatusRealtime,
  TemplateView,
} from '@conversa/shared';

export type {
  TemplateButtonType,
  TemplateCategory,
  TemplateComponent,
  TemplateHeaderFormat,
  TemplatePage,
  TemplateStats,
  TemplateStatusRealtime,
};

export const templateStatusList = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'DEPRECATED',
] as const;
export type TemplateStatus = (typeof templateStatusList)[number];
export const templateCategoryList = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

export type Template = TemplateView;
export type TemplateEvent = TemplateEventView;
export type TemplateDraftBody = CreateTemplateInput;
