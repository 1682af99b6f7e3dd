using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The cluster events an in-process member sees (its current state first, as events, then member and reachability
/// events), collected so a test can await one (always with a timeout), like <see cref="NodeProcess"/> does for lines.
/// </summary>
internal sealed class ClusterEventLog
{
    private readonly List<object> _events = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Found)> _waiters = [];

    private ClusterEventLog()
    {
    }

    /// <summary>Subscribes a relay actor of <paramref name="system"/> to its cluster's member and reachability events.</summary>
    public static ClusterEventLog Subscribe(ActorSystem system)
    {
        var log = new ClusterEventLog();
        var relay = system.ActorOf(Props.Create(() => new Relay(log)), "cluster-event-log");
        AkkaCluster.Get(system).Subscribe(relay, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        return log;
    }

    /// <summary>Waits for an event (already seen or still to come) that matches.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>; the message lists the events so far.</exception>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan timeout) where T : class
    {
        var found = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Matches(object e) => e is T typed && match(typed);
        lock (_events)
        {
            if (_events.FirstOrDefault(Matches) is T existing) return existing;
            _waiters.Add((Matches, found));
        }
        try
        {
            return (T)await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_events)
                throw new TimeoutException($"no matching {typeof(T).Name} within {timeout}; events: {string.Join("; ", _events)}");
        }
    }

    private void OnEvent(object e)
    {
        List<TaskCompletionSource<object>> found = [];
        lock (_events)
        {
            _events.Add(e);
            foreach (var waiter in _waiters.Where(w => w.Match(e)).ToList())
            {
                _waiters.Remove(waiter);
                found.Add(waiter.Found);
            }
        }
        foreach (var tcs in found) tcs.TrySetResult(e);
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(ClusterEventLog log) => ReceiveAny(log.OnEvent);
    }
}
