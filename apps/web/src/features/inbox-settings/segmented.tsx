'use client';

import { RadioGroup } from 'radix-ui';
import { cn } from '@/lib/utils';

/** Two or three mutually exclusive choices side by side; arrow keys move between them. */
export function Segmented<T extends string>({
  value,
  onChange,
  options,
  disabled,
  className,
  ...props
}: {
  value: T;
  onChange: (value: T) => void;
  options: { value: T; label: React.ReactNode; testId?: string }[];
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
}) {
  return (
    <RadioGroup.Root
      {...props}
      value={value}
      onValueChange={(v) => onChange(v as T)}
      disabled={disabled}
      orientation="horizontal"
      className={cn(
        'inline-flex h-9 w-fit items-center rounded-lg bg-muted p-[3px] text-muted-foreground',
        className,
      )}
    >
      {options.map((option) => (
        <RadioGroup.Item
          key={option.value}
          value={option.value}
          data-testid={option.testId}
          className={cn(
            'inline-flex h-full items-center justify-center gap-1.5 whitespace-nowrap rounded-md border border-transparent px-3 font-medium text-sm outline-none transition-[color,box-shadow,background-color]',
            'hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-60',
            'data-[state=checked]:bg-background data-[state=checked]:text-foreground data-[state=checked]:shadow-sm dark:data-[state=checked]:border-input dark:data-[state=checked]:bg-input/40',
          )}
        >
          {option.label}
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  );
}
