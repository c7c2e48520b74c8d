export type TaskPriority = 'low' | 'medium' | 'high' | 'urgent';
export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

export type Task = {
  id: string;
  accountId: string;
  accountName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  title: string;
  description: string | null;
  dueDate: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  createdAt: string;
  completedAt: string | null;
};

export type NewTask = {
  title: string;
  description?: string;
  dueDate?: string;
  priority?: TaskPriority;
  ownerId?: string;
};

export type TaskChange = Partial<Pick<Task, 'status' | 'title' | 'dueDate' | 'priority' | 'ownerId'>>;

export const PRIORITIES: readonly TaskPriority[] = ['low', 'medium', 'high', 'urgent'];
