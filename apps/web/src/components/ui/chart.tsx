'use client';

import * as React from 'react';
import * as RechartsPrimitive from 'recharts';
import { cn } from '@/lib/utils';

// shadcn/ui's chart pattern, written by hand for recharts 3: a config names each series and its colour;
// the container turns them into `--color-<key>` CSS variables (per theme when asked), so series use
// `var(--color-<key>)` and follow light and dark without re-rendering.

const THEMES = { light: '', dark: '.dark' } as const;

export type ChartConfig = Record<
  string,
  { label?: React.ReactNode; icon?: React.ComponentType } & (
    | { color?: string; theme?: never }
    | { color?: never; theme: Record<keyof typeof THEMES, string> }
  )
>;

const ChartContext = React.createContext<{ config: ChartConfig } | null>(null);

function useChart() {
  const context = React.useContext(ChartContext);
  if (!context) throw new Error('useChart must be used within a <ChartContainer />');
  return context;
}

function ChartContainer({
  id,
  className,
  children,
  config,
  ...props
}: React.ComponentProps<'div'> & {
  config: ChartConfig;
  children: React.ComponentProps<typeof RechartsPrimitive.ResponsiveContainer>['children'];
}) {
  const uniqueId = React.useId();
  const chartId = `chart-${id ?? uniqueId.replace(/:/g, '')}`;
  return (
    <ChartContext.Provider value={{ config }}>
      <div
        data-slot="chart"
        data-chart={chartId}
        className={cn(
          'flex aspect-video justify-center text-xs',
          "[&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-cartesian-grid_line[stroke='#ccc']]:stroke-border/70",
          '[&_.recharts-curve.recharts-tooltip-cursor]:stroke-border [&_.recharts-rectangle.recharts-tooltip-cursor]:fill-muted/60',
          "[&_.recharts-polar-grid_[stroke='#ccc']]:stroke-border [&_.recharts-radial-bar-background-sector]:fill-muted",
          "[&_.recharts-reference-line_[stroke='#ccc']]:stroke-border [&_.recharts-dot[stroke='#fff']]:stroke-transparent",
          "[&_.recharts-layer]:outline-hidden [&_.recharts-sector]:outline-hidden [&_.recharts-sector[stroke='#fff']]:stroke-transparent [&_.recharts-surface]:outline-hidden",
          className,
        )}
        {...props}
      >
        <ChartStyle id={chartId} config={config} />
        <RechartsPrimitive.ResponsiveContainer>{children}</RechartsPrimitive.ResponsiveContainer>
      </div>
    </ChartContext.Provider>
  );
}

function ChartStyle({ id, config }: { id: string; config: ChartConfig }) {
  const colored = Object.entries(config).filter(([, c]) => c.theme || c.color);
  if (!colored.length) return null;
  const css = Object.entries(THEMES)
    .map(([theme, prefix]) => {
      const vars = colored
        .map(([key, c]) => {
          const color = c.theme?.[theme as keyof typeof THEMES] ?? c.color;
          return color ? `  --color-${key}: ${color};` : null;
        })
        .filter(Boolean)
        .join('\n');
      return `${prefix} [data-chart=${id}] {\n${vars}\n}`;
    })
    .join('\n');
  // biome-ignore lint/security/noDangerouslySetInnerHtml: colours come from the component's own config, never from data
  return <style dangerouslySetInnerHTML={{ __html: css }} />;
}

const ChartTooltip = RechartsPrimitive.Tooltip;

/** One series of a tooltip or legend as recharts hands it to custom content. */
type SeriesItem = {
  name?: string | number;
  value?: unknown;
  dataKey?: unknown;
  color?: string;
  fill?: string;
  payload?: Record<string, unknown> & { fill?: string };
  type?: string;
};

function configOf(config: ChartConfig, item: SeriesItem, key?: string) {
  const own = key ?? (typeof item.dataKey === 'string' ? item.dataKey : String(item.name ?? 'value'));
  const fromPayload = item.payload && typeof item.payload[own] === 'string' ? String(item.payload[own]) : own;
  return config[fromPayload] ?? config[own];
}

function ChartTooltipContent({
  active,
  payload,
  label,
  className,
  indicator = 'dot',
  hideLabel = false,
  hideIndicator = false,
  labelFormatter,
  valueFormatter,
  nameKey,
}: {
  active?: boolean;
  payload?: readonly SeriesItem[];
  label?: React.ReactNode;
  className?: string;
  indicator?: 'line' | 'dot' | 'dashed';
  hideLabel?: boolean;
  hideIndicator?: boolean;
  labelFormatter?: (label: React.ReactNode, payload: readonly SeriesItem[]) => React.ReactNode;
  valueFormatter?: (value: number, item: SeriesItem) => React.ReactNode;
  /** Payload field that names the series (pie slices), instead of the data key. */
  nameKey?: string;
}) {
  const { config } = useChart();
  if (!active || !payload?.length) return null;
  const heading = hideLabel ? null : labelFormatter ? labelFormatter(label, payload) : label;
  return (
    <div
      className={cn(
        'grid min-w-36 items-start gap-1.5 rounded-lg border border-border/60 bg-popover px-2.5 py-1.5 text-popover-foreground text-xs shadow-xl',
        className,
      )}
    >
      {heading ? <div className="font-medium">{heading}</div> : null}
      <div className="grid gap-1.5">
        {payload
          .filter((item) => item.type !== 'none')
          .map((item) => {
            const itemConfig = configOf(config, item, nameKey);
            const color = item.payload?.fill ?? item.color ?? item.fill;
            const value = typeof item.value === 'number' ? item.value : Number(item.value ?? 0);
            return (
              <div
                key={String((nameKey && item.payload?.[nameKey]) ?? item.dataKey ?? item.name)}
                className="flex w-full items-center gap-2 [&>svg]:size-2.5 [&>svg]:text-muted-foreground"
              >
                {!hideIndicator && (
                  <div
                    className={cn('shrink-0 rounded-[2px] border-(--color-border) bg-(--color-bg)', {
                      'size-2.5': indicator === 'dot',
                      'h-3 w-1': indicator === 'line',
                      'w-0 border-[1.5px] border-dashed bg-transparent': indicator === 'dashed',
                    })}
                    style={{ '--color-bg': color, '--color-border': color } as React.CSSProperties}
                  />
                )}
                <div className="flex flex-1 items-center justify-between gap-4 leading-none">
                  <span className="text-muted-foreground">{itemConfig?.label ?? item.name}</span>
                  <span className="font-medium font-mono text-foreground tabular-nums">
                    {valueFormatter ? valueFormatter(value, item) : value.toLocaleString()}
                  </span>
                </div>
              </div>
            );
          })}
      </div>
    </div>
  );
}

const ChartLegend = RechartsPrimitive.Legend;

function ChartLegendContent({
  className,
  payload,
  verticalAlign = 'bottom',
  align = 'center',
  nameKey,
}: {
  className?: string;
  payload?: readonly SeriesItem[];
  verticalAlign?: 'top' | 'bottom' | 'middle';
  align?: 'left' | 'center' | 'right';
  nameKey?: string;
}) {
  const { config } = useChart();
  if (!payload?.length) return null;
  return (
    <div
      className={cn(
        'flex flex-wrap items-center gap-x-4 gap-y-1',
        align === 'left' ? 'justify-start' : align === 'right' ? 'justify-end' : 'justify-center',
        verticalAlign === 'top' ? 'pb-3' : 'pt-3',
        className,
      )}
    >
      {payload
        .filter((item) => item.type !== 'none')
        .map((item) => {
          const key = nameKey ?? (typeof item.dataKey === 'string' ? item.dataKey : String(item.value));
          const itemConfig = config[key];
          return (
            <div key={key} className="flex items-center gap-1.5 text-muted-foreground">
              {itemConfig?.icon ? (
                <itemConfig.icon />
              ) : (
                <div className="size-2 shrink-0 rounded-[2px]" style={{ backgroundColor: item.color }} />
              )}
              {itemConfig?.label}
            </div>
          );
        })}
    </div>
  );
}

export { ChartContainer, ChartLegend, ChartLegendContent, ChartStyle, ChartTooltip, ChartTooltipContent };
