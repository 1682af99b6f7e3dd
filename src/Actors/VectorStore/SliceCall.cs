namespace ActorNet.VectorStore;

/// <summary>
/// A data plane request handed to the slice entity on this node, in process (a local Tell: never serialized, so the
/// floats stay where they are). <see cref="Body"/> is the request's floats: a pooled array the data plane received (the
/// entity may adopt it: <c>FloatArrayPool.TryAdoptReceived</c>) or a run of a caller's own vector on this node (read only).
/// </summary>
internal sealed class SliceCall(SliceRequest request, ArraySegment<float> body)
{
    // Continuations run off the entity's thread.
    private readonly TaskCompletionSource<SliceAnswer> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SliceRequest Request { get; } = request;

    public ArraySegment<float> Body { get; } = body;

    public Task<SliceAnswer> Reply => _reply.Task;

    /// <summary>True once the caller stopped waiting (or an answer was given).</summary>
    public bool IsOver => _reply.Task.IsCompleted;

    /// <summary>Answers; an answer nobody waits for any more releases what it lent.</summary>
    public void Answer(SliceAnswer answer)
    {
        if (!_reply.TrySetResult(answer)) answer.Release?.Invoke();
    }

    /// <summary>The caller gives up; false when an answer came first (the caller then owns it).</summary>
    public bool TryAbandon() => _reply.TrySetCanceled();
}

/// <summary>
/// An entity's answer to a <see cref="SliceCall"/>: the header, and for pulls and claims the floats, lent until
/// <see cref="Release"/> is called (once) by whoever sends or copies them.
/// </summary>
/// <param name="Header">The answer's header.</param>
/// <param name="Body">The floats (empty for none).</param>
/// <param name="Release">Gives the lent floats back; null when nothing was lent.</param>
/// <param name="BodyAdopted">The entity kept the call's received body: the data plane must not give it back to the pool.</param>
internal sealed record SliceAnswer(SliceResponse Header, ArraySegment<float> Body = default, Action? Release = null, bool BodyAdopted = false)
{
    public static SliceAnswer Ok { get; } = new(new SliceResponse(SliceStatus.Ok));

    public static SliceAnswer Fail(SliceStatus status, string error) => new(new SliceResponse(status, error));
}
