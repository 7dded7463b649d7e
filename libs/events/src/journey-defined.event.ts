export const DEFAULT_ABANDON_AFTER = 'P30D';

/** A journey's shape: its stages in order, and which steps end it well or badly. */
export interface JourneyDefined {
  readonly type: 'JourneyDefined';
  readonly data: {
    readonly journey: string;
    readonly stages: readonly { readonly name: string; readonly steps: readonly string[] }[];
    readonly goalSteps: readonly string[];
    readonly failureSteps: readonly string[];
    /** ISO-8601 duration without activity after which an instance counts as abandoned. */
    readonly abandonAfter: string;
    /** Per-step service level: the longest expected wait before the step (ms). */
    readonly stepSla: Readonly<Record<string, number>>;
    /**
     * Touchpoint attributes holding personal data: encrypted per customer before they are
     * stored (schema version 2; version 1 events read as []).
     */
    readonly personalAttributes: readonly string[];
    /**
     * Every touchpoint attribute is personal except `nonPersonalAttributes` (schema version 4;
     * earlier versions read as false and []): free text no one listed is encrypted anyway.
     */
    readonly personalByDefault: boolean;
    readonly nonPersonalAttributes: readonly string[];
    /**
     * Overrides of the friction rules' thresholds by name (see libs/domain friction/thresholds;
     * schema version 3, earlier versions read as {}).
     */
    readonly frictionThresholds: Readonly<Record<string, number>>;
  };
}
