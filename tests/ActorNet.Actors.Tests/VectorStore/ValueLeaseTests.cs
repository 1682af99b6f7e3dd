using ActorNet.DataPlane;


namespace ActorNet.VectorStore.Tests;

/// <summary>
/// A slice value handed out in replies goes back to the pool only once the entity replaced it and every reply holding it
/// was released. Lengths are odd ones no other test uses (the pool is one per process).
/// </summary>
public sealed class ValueLeaseTests
{
    [Fact]
    public void A_retired_value_goes_back_to_the_pool_after_its_last_reply_is_released()
    {
        const int length = FloatArrayPool.MinimumLength + 37;
        var value = new float[length];
        var lease = new ValueLease(value);
        lease.Acquire();
        lease.Acquire();
        lease.Release();            // one reply done while the value is still current: nothing happens
        lease.Retire();             // replaced, one reply still reads it
        Assert.NotSame(value, FloatArrayPool.Rent(length));
        lease.Release();            // the last one
        Assert.Same(value, FloatArrayPool.Rent(length));
    }

    [Fact]
    public void A_value_no_reply_holds_goes_back_as_soon_as_it_is_retired()
    {
        const int length = FloatArrayPool.MinimumLength + 41;
        var value = new float[length];
        var lease = new ValueLease(value);
        lease.Acquire();
        lease.Release();
        lease.Retire();
        Assert.Same(value, FloatArrayPool.Rent(length));
    }
}
