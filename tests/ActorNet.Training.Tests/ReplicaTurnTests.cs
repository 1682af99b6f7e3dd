using ActorNet.Training.Internal;

namespace ActorNet.Training.Tests;

/// <summary>
/// A worker's replica runs one round attempt at a time, never one older than an attempt it has run, and a completed
/// attempt once: the fences that keep a task the driver re-ran (its executor taken for lost after a long pause) from
/// stepping the solver the first task is stepping, or stepping it a second time.
/// </summary>
public class ReplicaTurnTests
{
    private static WorkerReplica Replica()
    {
        var plan = TrainingPlan.From(TinyNet.Solver(), (1, 4, 4), seed: 3);
        return new WorkerReplica(plan, 0, new FloatSamples(TinyNet.Samples(16), plan));
    }

    [Fact]
    public async Task A_task_waits_for_the_one_running_on_the_replica_and_a_completed_attempt_runs_once()
    {
        var replica = Replica();
        using var release = new ManualResetEventSlim();
        int runs = 0;
        float Round(float loss)
        {
            Interlocked.Increment(ref runs);
            release.Wait(TimeSpan.FromSeconds(30));
            return loss;
        }

        var first = Task.Run(() => replica.RunAttempt(1, CancellationToken.None, () => Round(0.5f)));
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref runs) == 1, TimeSpan.FromSeconds(30)));
        var again = Task.Run(() => replica.RunAttempt(1, CancellationToken.None, () => Round(0.25f)));
        await Task.Delay(300);
        Assert.Equal(1, Volatile.Read(ref runs)); // the second task of attempt 1 waits instead of stepping the same solver
        release.Set();
        Assert.Equal(0.5f, await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0.5f, await again.WaitAsync(TimeSpan.FromSeconds(30))); // attempt 1's loss, not a second run
        Assert.Equal(1, runs);

        Assert.Equal(0.75f, replica.RunAttempt(2, CancellationToken.None, () => Round(0.75f)));
        Assert.Equal(2, runs);
    }

    [Fact]
    public void An_attempt_older_than_one_the_replica_ran_is_refused_and_a_failed_one_runs_again()
    {
        var replica = Replica();
        Assert.Throws<IOException>(() => replica.RunAttempt(2, CancellationToken.None, () => throw new IOException("push failed")));
        Assert.Equal(1f, replica.RunAttempt(2, CancellationToken.None, () => 1f)); // the failed round was not completed: it runs

        var refused = Assert.Throws<InvalidOperationException>(() => replica.RunAttempt(1, CancellationToken.None, () => 9f));
        Assert.Contains("attempt 1 was superseded by attempt 2", refused.Message);
        Assert.Equal(3f, replica.RunAttempt(3, CancellationToken.None, () => 3f));
    }

    [Fact]
    public async Task A_task_killed_while_it_waits_for_the_replica_gives_up()
    {
        var replica = Replica();
        using var release = new ManualResetEventSlim();
        var running = Task.Run(() => replica.RunAttempt(1, CancellationToken.None, () => { release.Wait(TimeSpan.FromSeconds(30)); return 0f; }));
        await Task.Delay(200);
        using var kill = new CancellationTokenSource();
        var waiting = Task.Run(() => replica.RunAttempt(2, kill.Token, () => 2f));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        release.Set();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
