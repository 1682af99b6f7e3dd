using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Tests;

/// <summary>The task scheduler against an in-memory backend with two executors (no RDDs involved).</summary>
public class TaskSchedulerTests
{
    private sealed class FakeBackend : IExecutorBackend
    {
        public List<TaskDescription> Launched { get; } = [];

        public List<long> Killed { get; } = [];

        public IReadOnlyList<ExecutorInfo> Executors { get; } = [new("exec-a", "host-a", 1), new("exec-b", "host-b", 1)];

        public void Start(ITaskStatusSink sink)
        {
        }

        public void LaunchTask(TaskDescription task) => Launched.Add(task);

        public void KillTask(long taskId, string executorId, string reason) => Killed.Add(taskId);

        public void Dispose()
        {
        }
    }

    private sealed class Listener : ITaskSchedulerListener
    {
        public List<(SchedulerTask, TaskEndReason)> Ended { get; } = [];

        public List<string> Failed { get; } = [];

        public void TaskEnded(SchedulerTask task, TaskEndReason reason) => Ended.Add((task, reason));

        public void TaskSetFailed(TaskSet set, string message, ExceptionFailure? lastFailure) => Failed.Add(message);

        public List<string> Lost { get; } = [];

        public void ExecutorLost(string executorId) => Lost.Add(executorId);
    }

    private sealed class NoopTask(int partition, params TaskLocation[] prefs) : SchedulerTask(0, 0, partition, prefs)
    {
        public override object? Run(TaskContext context) => null;
    }

    [Fact]
    public void AFreeSlotTakesATaskPreferringItsExecutorFirst()
    {
        var backend = new FakeBackend();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 2);
        scheduler.Start(new Listener());
        scheduler.Submit(new TaskSet([
            new NoopTask(0, new TaskLocation("host-b", "exec-b")),
            new NoopTask(1, new TaskLocation("host-a", "exec-a")),
        ], 0, 0, 0));
        Assert.Equal(2, backend.Launched.Count);
        Assert.All(backend.Launched, t => Assert.Equal(t.ExecutorId, t.Task.PreferredLocations[0].ExecutorId));
    }

    [Fact]
    public void FailedTasksAreRetriedThenTheSetIsAborted()
    {
        var backend = new FakeBackend();
        var listener = new Listener();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 2);
        scheduler.Start(listener);
        scheduler.Submit(new TaskSet([new NoopTask(0)], 3, 0, 0));
        var failure = new ExceptionFailure("System.Exception", "boom", "System.Exception: boom");
        scheduler.StatusUpdate(backend.Launched[0].TaskId, failure);
        Assert.Equal(2, backend.Launched.Count);
        Assert.Equal(1, backend.Launched[1].AttemptNumber);
        Assert.Empty(listener.Failed);
        scheduler.StatusUpdate(backend.Launched[1].TaskId, failure);
        Assert.Single(listener.Failed);
        Assert.Contains("Task 0 in stage 3.0 failed 2 times", listener.Failed[0]);
        Assert.Equal(2, backend.Launched.Count);
    }

    [Fact]
    public void AFailedTaskWaitsForAnotherExecutorThenRunsAnywhereOnceItFailedOnAll()
    {
        var backend = new FakeBackend();
        var listener = new Listener();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 4);
        scheduler.Start(listener);
        scheduler.Submit(new TaskSet([new NoopTask(0), new NoopTask(1)], 4, 0, 0));
        var onA = backend.Launched.Single(t => t.ExecutorId == "exec-a");
        var onB = backend.Launched.Single(t => t.ExecutorId == "exec-b");
        var failure = new ExceptionFailure("System.IO.IOException", "No space left on device : '/full/shuffle_0_0.data'", "...");

        // Failed on exec-a, whose slot is free at once: the retry waits for exec-b (busy) instead of going back to exec-a.
        scheduler.StatusUpdate(onA.TaskId, failure);
        Assert.Equal(2, backend.Launched.Count);
        scheduler.StatusUpdate(onB.TaskId, new TaskSucceeded(null, []));
        Assert.Equal(3, backend.Launched.Count);
        Assert.Equal((onA.Task, "exec-b", 1), (backend.Launched[2].Task, backend.Launched[2].ExecutorId, backend.Launched[2].AttemptNumber));

        // Failed on every executor: it may run on any again (and count towards max-failures there).
        scheduler.StatusUpdate(backend.Launched[2].TaskId, failure);
        Assert.Equal(4, backend.Launched.Count);
        Assert.Equal((onA.Task, 2), (backend.Launched[3].Task, backend.Launched[3].AttemptNumber));
        Assert.Empty(listener.Failed);
    }

    [Fact]
    public void LowerPriorityNumbersRunFirstAndFreedSlotsAreReused()
    {
        var backend = new FakeBackend();
        var listener = new Listener();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 4);
        scheduler.Start(listener);
        scheduler.Submit(new TaskSet([new NoopTask(0), new NoopTask(1), new NoopTask(2)], 5, 0, Priority: 1));
        var urgent = new NoopTask(0);
        scheduler.Submit(new TaskSet([urgent], 6, 0, Priority: 0));
        Assert.Equal(2, backend.Launched.Count);
        scheduler.StatusUpdate(backend.Launched[0].TaskId, new TaskSucceeded(null, []));
        // The freed slot goes to the job with priority 0, whose set arrived later.
        Assert.Same(urgent, backend.Launched[2].Task);
        Assert.Single(listener.Ended);
    }

    [Fact]
    public void CancellingAStageKillsItsRunningTasks()
    {
        var backend = new FakeBackend();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 4);
        scheduler.Start(new Listener());
        scheduler.Submit(new TaskSet([new NoopTask(0), new NoopTask(1), new NoopTask(2)], 1, 0, 0));
        scheduler.CancelTasks(1, "test");
        Assert.Equal(backend.Launched.Select(t => t.TaskId).Order(), backend.Killed.Order());
        scheduler.StatusUpdate(backend.Launched[0].TaskId, new TaskKilled("test"));
        Assert.Equal(2, backend.Launched.Count);
    }

    [Fact]
    public void ALostExecutorsTasksRunElsewhereWithoutCountingAFailure()
    {
        var backend = new FakeBackend();
        var listener = new Listener();
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 1);
        scheduler.Start(listener);
        scheduler.Submit(new TaskSet([new NoopTask(0), new NoopTask(1), new NoopTask(2)], 2, 0, 0));
        Assert.Equal(2, backend.Launched.Count);
        var onA = backend.Launched.Single(t => t.ExecutorId == "exec-a");
        scheduler.ExecutorLost("exec-a", "node removed");
        Assert.Equal(["exec-a"], listener.Lost);
        Assert.Empty(listener.Failed);
        // A late status from the lost executor is ignored; exec-b's slot is freed by its success.
        scheduler.StatusUpdate(onA.TaskId, new TaskSucceeded(null, []));
        var onB = backend.Launched.Single(t => t.ExecutorId == "exec-b");
        scheduler.StatusUpdate(onB.TaskId, new TaskSucceeded(null, []));
        Assert.Equal(3, backend.Launched.Count);
        Assert.All(backend.Launched.Skip(2), t => Assert.Equal("exec-b", t.ExecutorId));
        scheduler.StatusUpdate(backend.Launched[2].TaskId, new TaskSucceeded(null, []));
        // The lost task is launched again on the remaining executor (a second attempt, not a failure).
        Assert.Equal(4, backend.Launched.Count);
        Assert.Equal(onA.Task, backend.Launched[3].Task);
        Assert.Equal(1, backend.Launched[3].AttemptNumber);

        scheduler.ExecutorAdded(new ExecutorInfo("exec-c", "host-c", 1));
        scheduler.StatusUpdate(backend.Launched[3].TaskId, new TaskSucceeded(null, []));
        Assert.Equal(3, listener.Ended.Count);
        Assert.Empty(listener.Failed);
    }

    // Ends each launched task that has not ended yet, oldest first, as a success measured at `micros`, until `count` ended;
    // returns the most tasks any executor held at once (running or queued) over that time.
    private static int EndTasks(TaskSchedulerImpl scheduler, FakeBackend backend, HashSet<long> ended, int count, long micros)
    {
        var most = Outstanding(backend, ended).Values.DefaultIfEmpty(0).Max();
        for (var i = 0; i < count; i++)
        {
            var next = backend.Launched.First(t => !ended.Contains(t.TaskId));
            ended.Add(next.TaskId);
            scheduler.StatusUpdate(next.TaskId, new TaskSucceeded(null, []), new TaskMetrics(micros, 0, 0, 0, 0));
            most = Math.Max(most, Outstanding(backend, ended).Values.DefaultIfEmpty(0).Max());
        }
        return most;
    }

    private static Dictionary<string, int> Outstanding(FakeBackend backend, HashSet<long> ended) =>
        backend.Launched.Where(t => !ended.Contains(t.TaskId)).GroupBy(t => t.ExecutorId).ToDictionary(g => g.Key, g => g.Count());

    private static TaskSet Tasks(int n) => new([.. Enumerable.Range(0, n).Select(i => new NoopTask(i))], 3, 0, 0);

    // A scheduler over two one-slot executors that queue ahead for tasks under 10 ms, running a set of `tasks` tasks.
    private static TaskSchedulerImpl Started(FakeBackend backend, int tasks, int queueAhead = 1, Listener? listener = null)
    {
        var scheduler = new TaskSchedulerImpl(backend, maxFailures: 4, queueAhead: queueAhead, shortTask: TimeSpan.FromMilliseconds(10));
        scheduler.Start(listener ?? new Listener());
        scheduler.Submit(Tasks(tasks));
        return scheduler;
    }

    [Fact]
    public void Executors_queue_tasks_ahead_once_a_sets_tasks_prove_short()
    {
        var backend = new FakeBackend();
        var scheduler = Started(backend, 20);
        var ended = new HashSet<long>();

        // One task per slot until 4 successes have measured the set's tasks; then each executor holds one more, queued.
        Assert.Equal(1, EndTasks(scheduler, backend, ended, 3, micros: 200));
        Assert.Equal(2, EndTasks(scheduler, backend, ended, 1, micros: 200));
        Assert.Equal(new Dictionary<string, int> { ["exec-a"] = 2, ["exec-b"] = 2 }, Outstanding(backend, ended));
        Assert.Equal(2, EndTasks(scheduler, backend, ended, 8, micros: 200));

        // An executor lost with a task running and one queued: both run again on the other executor.
        var onA = backend.Launched.Where(t => t.ExecutorId == "exec-a" && !ended.Contains(t.TaskId)).Select(t => t.Task).ToArray();
        Assert.Equal(2, onA.Length);
        scheduler.ExecutorLost("exec-a", "node removed");
        foreach (var t in backend.Launched.Where(t => t.ExecutorId == "exec-a")) ended.Add(t.TaskId);
        EndTasks(scheduler, backend, ended, backend.Launched.Count(t => !ended.Contains(t.TaskId)) + 6, micros: 200);
        Assert.Subset(backend.Launched.Where(t => t.ExecutorId == "exec-b").Select(t => t.Task).ToHashSet(), onA.ToHashSet());
        Assert.Equal(20, backend.Launched.Select(t => t.Task).Distinct().Count());
    }

    [Fact]
    public void Nothing_queues_ahead_of_a_waiting_set_of_long_tasks_before_it()
    {
        var backend = new FakeBackend();
        var scheduler = Started(backend, 40);
        var ended = new HashSet<long>();
        EndTasks(scheduler, backend, ended, 6, micros: 200);
        Assert.Equal(4, Outstanding(backend, ended).Values.Sum()); // one running and one queued per executor

        // A set that comes first (same job priority, lower stage id) and whose tasks are not known to be short: no short
        // task queues ahead of it any more, so the next two launches are its tasks, each as an executor's queue drains.
        var urgent = new TaskSet([new NoopTask(0), new NoopTask(1)], 1, 0, 0);
        scheduler.Submit(urgent);
        var before = backend.Launched.Count;
        EndTasks(scheduler, backend, ended, 4, micros: 200);
        Assert.Equal(urgent.Tasks.ToHashSet(), backend.Launched.Skip(before).Take(2).Select(t => t.Task).ToHashSet());
    }

    [Theory]
    [InlineData(1, 50_000)] // long tasks: a queued one could wait behind a straggler while another slot is free
    [InlineData(0, 200)]    // queue-ahead off (Spark's behaviour, and local mode)
    public void Executors_hold_one_task_per_slot_for_long_tasks_or_without_queue_ahead(int queueAhead, long micros)
    {
        var backend = new FakeBackend();
        var scheduler = Started(backend, 20, queueAhead: queueAhead);
        Assert.Equal(1, EndTasks(scheduler, backend, [], 18, micros));
    }

    [Fact]
    public void A_released_slot_takes_the_next_task_once_while_the_end_is_on_its_way()
    {
        var backend = new FakeBackend();
        var listener = new Listener();
        var scheduler = Started(backend, 6, queueAhead: 0, listener);
        var onA = backend.Launched.Single(t => t.ExecutorId == "exec-a");

        // A large result is on its way: exec-a's slot takes the next task at once, and only once.
        scheduler.SlotReleased(onA.TaskId);
        scheduler.SlotReleased(onA.TaskId);
        Assert.Equal(3, backend.Launched.Count);
        Assert.Equal("exec-a", backend.Launched[2].ExecutorId);
        Assert.Empty(listener.Ended);

        // Its end frees nothing more; an end that came before its release (they travel apart) frees the slot itself.
        scheduler.StatusUpdate(onA.TaskId, new TaskSucceeded(null, []));
        Assert.Equal(3, backend.Launched.Count);
        Assert.Single(listener.Ended);
        var onB = backend.Launched.Single(t => t.ExecutorId == "exec-b");
        scheduler.StatusUpdate(onB.TaskId, new TaskSucceeded(null, []));
        scheduler.SlotReleased(onB.TaskId);
        Assert.Equal(4, backend.Launched.Count);

        // A task whose slot was released but whose end never came runs again when its executor is lost.
        var released = backend.Launched[2];
        scheduler.SlotReleased(released.TaskId);
        Assert.Equal(5, backend.Launched.Count);
        scheduler.ExecutorLost("exec-a", "node removed");
        for (var i = 3; i < backend.Launched.Count; i++)
            if (backend.Launched[i].ExecutorId == "exec-b") scheduler.StatusUpdate(backend.Launched[i].TaskId, new TaskSucceeded(null, []));
        Assert.Contains(backend.Launched.Skip(5), t => t.Task == released.Task && t.ExecutorId == "exec-b");
        Assert.Equal(6, listener.Ended.Count);
    }
}
