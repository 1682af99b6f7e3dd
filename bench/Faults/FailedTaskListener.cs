using System.Collections.Concurrent;
using ActorNet.Rdd.Events;

namespace ActorNet.Bench.Faults;

/// <summary>Keeps the executor and message of every task attempt that ended with an exception.</summary>
internal sealed class FailedTaskListener(ConcurrentQueue<(string Executor, string Message)> failed) : IClusterListener
{
    public void OnEvent(ListenerEvent e)
    {
        if (e is TaskEnded { Reason: "ExceptionFailure" } ended) failed.Enqueue((ended.ExecutorId, ended.Error ?? ""));
    }
}
