using ActorNet.DataPlane;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>
/// The pool behind the vector store's messages. Lengths here are odd ones no other test uses, so tests running in
/// parallel (the pool is one per process) never take each other's arrays.
/// </summary>
public sealed class FloatArrayPoolTests
{
    [Fact]
    public void A_returned_array_is_handed_out_again_for_the_same_length_only()
    {
        const int length = FloatArrayPool.MinimumLength + 11;
        var first = FloatArrayPool.Rent(length);
        Assert.Equal(length, first.Length);
        FloatArrayPool.Return(first);
        Assert.NotSame(first, FloatArrayPool.Rent(length + 1));
        Assert.Same(first, FloatArrayPool.Rent(length));
        Assert.NotSame(first, FloatArrayPool.Rent(length)); // it was taken: the pool allocates
    }

    [Fact]
    public void Small_arrays_are_never_pooled()
    {
        const int length = FloatArrayPool.MinimumLength - 13;
        var small = FloatArrayPool.Rent(length);
        FloatArrayPool.Return(small);
        Assert.NotSame(small, FloatArrayPool.Rent(length));
    }

    [Fact]
    public void A_received_array_goes_back_once_and_only_if_it_arrived_with_a_message()
    {
        const int length = FloatArrayPool.MinimumLength + 17;
        var received = FloatArrayPool.RentReceived(length);
        Assert.True(FloatArrayPool.TryReturnReceived(received));
        Assert.False(FloatArrayPool.TryReturnReceived(received)); // given back already: a second consumer must not pool it twice
        Assert.Same(received, FloatArrayPool.Rent(length));

        var local = new float[length]; // a message delivered on its own node carries the sender's array
        Assert.False(FloatArrayPool.TryReturnReceived(local));
        Assert.NotSame(local, FloatArrayPool.Rent(length));
    }

    [Fact]
    public void An_adopted_array_is_never_given_back_afterwards()
    {
        const int length = FloatArrayPool.MinimumLength + 19;
        var received = FloatArrayPool.RentReceived(length);
        Assert.True(FloatArrayPool.TryAdoptReceived(received));
        Assert.False(FloatArrayPool.TryAdoptReceived(received));
        Assert.False(FloatArrayPool.TryReturnReceived(received)); // the adopter owns it now
        Assert.NotSame(received, FloatArrayPool.Rent(length));
        Assert.False(FloatArrayPool.TryAdoptReceived(new float[length]));
    }
}
