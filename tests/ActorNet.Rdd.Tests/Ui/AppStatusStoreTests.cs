using ActorNet.Rdd.Events;
using ActorNet.Rdd.Ui;

namespace ActorNet.Rdd.Tests.Ui;

/// <summary>The status store's counts from events, and the listener bus that never makes the scheduler wait.</summary>
public sealed class AppStatusStoreTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Attempts_on_a_lost_executor_stop_counting_as_active()
    {
        var store = new AppStatusStore();
        store.OnEvent(new ExecutorAdded(T, "a", "host-a", 2));
        store.OnEvent(new ExecutorAdded(T, "b", "host-b", 2));
        store.OnEvent(new JobStarted(T, 0, "job", [0], null, "lineage"));
        store.OnEvent(new StageSubmitted(T, 0, 0, "stage", 3, [0], 1, false));
        store.OnEvent(new TaskStarted(T, 10, 0, 0, 0, 0, "a"));
        store.OnEvent(new TaskStarted(T, 11, 0, 0, 1, 0, "b"));
        store.OnEvent(new TaskStarted(T, 12, 0, 0, 2, 0, "b"));
        store.OnEvent(new TaskEnded(T, 10, 0, 0, "a", "Success", null, 0));
        Assert.Equal(2, store.Stages()[0].NumActiveTasks);

        store.OnEvent(new ExecutorRemoved(T, "b", "its process died"));
        var stage = store.Stages()[0];
        Assert.Equal(0, stage.NumActiveTasks);
        Assert.Equal(1, stage.NumCompleteTasks);
        Assert.Equal(0, store.Jobs()[0].NumActiveTasks);
        var lost = store.Executors(_ => (0, 0, 0)).Single(e => e.Id == "b");
        Assert.False(lost.IsActive);
        Assert.Equal("its process died", lost.RemoveReason);
        Assert.Equal(0, lost.ActiveTasks);
    }

    private sealed class BlockedListener : IClusterListener, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public void OnEvent(ListenerEvent e) => _release.Wait();

        public void Release() => _release.Set();

        public void Dispose() => _release.Dispose();
    }

    [Fact]
    public async Task Posting_never_waits_for_a_stuck_listener_and_counts_what_it_drops()
    {
        using var listener = new BlockedListener();
        var bus = new ListenerBus(TextWriter.Null);
        bus.AddListener(listener);
        // Far more than the queue holds, while the only listener is stuck on the first: every Post returns.
        var posting = Task.Run(() =>
        {
            for (int i = 0; i < 30_000; i++) bus.Post(new TaskStarted(T, i, 0, 0, 0, 0, "x"));
        });
        await posting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(bus.Dropped > 0, "nothing was dropped although the listener never read");
        listener.Release();
        await bus.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }
}
