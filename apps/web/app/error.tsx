'use client';

import { PageError } from '@/features/shell/page-error';

export default PageError;
