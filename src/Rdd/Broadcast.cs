namespace ActorNet.Rdd;

/// <summary>
/// A read-only value shipped to each executor once (Spark's <c>Broadcast</c>), created by
/// <see cref="ClusterContext.Broadcast{T}(T)"/>. In local mode executors share the driver's process, so every
/// task reads the driver's instance: treat the value as immutable. On a cluster each worker fetches the value
/// from the driver once, on first use.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class Broadcast<T>
{
    // The value; default once destroyed.
    private T _value;

    // Set by Destroy: the value may no longer be used anywhere.
    private volatile bool _destroyed;

    internal Broadcast(long id, T value)
    {
        Id = id;
        _value = value;
    }

    /// <summary>
    /// On the driver: told (id, destroy) when the broadcast is unpersisted (false) or destroyed (true), so the
    /// cluster backend can drop the executors' copies and, when destroyed, the driver's serialized value.
    /// </summary>
    internal Action<long, bool>? OnRelease { get; set; }

    /// <summary>The broadcast's id within the application.</summary>
    public long Id { get; }

    /// <summary>The value. Throws after <see cref="Destroy"/>.</summary>
    public T Value
    {
        get
        {
            if (_destroyed) throw new InvalidOperationException($"Attempted to use Broadcast({Id}) after it was destroyed.");
            return _value;
        }
    }

    /// <summary>True until <see cref="Destroy"/> is called.</summary>
    public bool IsValid => !_destroyed;

    /// <summary>
    /// Drops the executors' copies; the value is sent again if a later task uses it. In local mode the
    /// executors share the driver's copy, so there is nothing to drop. The copies are dropped asynchronously
    /// (<paramref name="blocking"/> is accepted for Spark's signature).
    /// </summary>
    public void Unpersist(bool blocking = false)
    {
        if (_destroyed) throw new InvalidOperationException($"Attempted to unpersist Broadcast({Id}) after it was destroyed.");
        OnRelease?.Invoke(Id, false);
    }

    /// <summary>Drops the value everywhere, driver included; <see cref="Value"/> throws afterwards.</summary>
    public void Destroy(bool blocking = false)
    {
        _destroyed = true;
        _value = default!;
        OnRelease?.Invoke(Id, true);
    }

    /// <inheritdoc />
    public override string ToString() => $"Broadcast({Id})";
}
