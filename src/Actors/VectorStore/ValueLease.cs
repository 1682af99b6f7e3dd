using ActorNet.DataPlane;

namespace ActorNet.VectorStore;

/// <summary>
/// A slice value handed out in replies (a pull's reply body, sent by the data plane or copied by a client on the same node)
/// while the entity owns it: it counts the replies not yet released (their release callbacks), and once the entity has replaced the value (<see cref="Retire"/>) and the
/// last of them is released, the array goes back to <see cref="FloatArrayPool"/> for the next step's value instead of to
/// the collector (a 61M-float averaging round replaces 244 MB of values: fresh memory every round without this).
/// </summary>
internal sealed class ValueLease(float[] value)
{
    // Replies not yet released, plus RetiredFlag once the entity has let the value go.
    private int _state;
    private const int RetiredFlag = int.MinValue;

    /// <summary>One more reply reads the value.</summary>
    public void Acquire() => Interlocked.Increment(ref _state);

    /// <summary>A reply no longer reads the value.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _state) == RetiredFlag) FloatArrayPool.Return(value);
    }

    /// <summary>The entity has replaced the value: it goes back to the pool once no reply reads it.</summary>
    public void Retire()
    {
        if (Interlocked.Add(ref _state, RetiredFlag) == RetiredFlag) FloatArrayPool.Return(value);
    }
}
