using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

internal sealed partial class ActorCell
{
    // True while an async handler's task runs; user messages wait for it.
    private bool _awaitingTask;

    /// <summary>
    /// Runs an async handler. If its task does not finish synchronously the mailbox stops taking user
    /// messages until it does, so the actor still processes one message at a time; the completion comes
    /// back as a system message so the resume happens on the actor's own turn.
    /// </summary>
    internal void RunAsyncHandler(Func<Task> handler)
    {
        Task task;
        if (s_asyncHandlersStarted == 0) Interlocked.Exchange(ref s_asyncHandlersStarted, 1);
        s_asyncCurrent.Value = this;
        try { task = handler(); }
        finally { s_asyncCurrent.Value = null; }
        if (task.IsCompletedSuccessfully) return;
        if (task.IsFaulted) throw task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
        _awaitingTask = true;
        task.ContinueWith(
            static (t, state) =>
            {
                var self = (LocalActorRef)state!;
                Exception? error = t.IsFaulted ? (t.Exception!.InnerExceptions.Count == 1 ? t.Exception.InnerException : t.Exception)
                    : t.IsCanceled ? new TaskCanceledException("an async handler's task was canceled") : null;
                self.SendSystemMessage(new AsyncHandlerCompleted(error));
            },
            _self, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void HandleAsyncCompleted(AsyncHandlerCompleted completed)
    {
        _awaitingTask = false;
        if (completed.Error is not null) HandleInvokeFailure(completed.Error);
    }
}
