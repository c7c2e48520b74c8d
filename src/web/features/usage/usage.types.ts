/** GET /api/accounts/{id}/usage, as JSON (dates as ISO strings). */
export type AccountUsage = {
  accountId: string;
  from: string;
  to: string;
  summary: {
    activeUsers7d: number;
    activeUsers30d: number;
    seatsUsed: number;
    seatsPurchased: number;
    featuresUsed30d: number;
    featuresAvailable: number;
    breadth: number | null;
    lastSeenAt: string | null;
  };
  topEvents: Array<{ name: string; count: number }>;
  daily: Array<{
    day: string;
    activeUsers: number;
    events: number;
    features: number;
    features30d: number;
    seatsPurchased: number;
    topEventCounts: number[];
  }>;
  users: Array<{
    userKey: string;
    contactId: string | null;
    contactName: string | null;
    lastSeenAt: string;
    activeDays30d: number;
    events30d: number;
  }>;
};
