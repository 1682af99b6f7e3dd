using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>
/// A shard hand-off (its node leaves the cluster: the store does not rebalance): the slice parks its whole state in this
/// node's <see cref="ParkingLot"/> without a copy, wakes its next incarnation through another member's region, answers
/// whatever is still queued "not here" (the clients locate it again) and stops.
/// </summary>
internal sealed partial class SliceEntity
{
    private void HandOff()
    {
        _host.Slices.TryRemove(KeyValuePair.Create(_id, Self));
        foreach (var call in _waiting) call.Answer(SliceAnswer.Fail(SliceStatus.NotHere, $"slice '{_id}' is handed off"));
        _waiting.Clear();
        if (_value is not null)
        {
            // This incarnation never touches its arrays again, so they are parked as they are.
            _host.Parking.Park(_id, new ParkedSlice(_key, _slice, _totalLength, _value, _version, _stepSum, _stepCount, [.. _stepContributors], _ruleState));
            _host.Wake(new AdoptParked(_key, _slice, _host.Address.Host, _host.Address.Port));
        }
        Become(() =>
        {
            Receive<SliceCall>(call => call.Answer(SliceAnswer.Fail(SliceStatus.NotHere, $"slice '{_id}' is handed off")));
            ReceiveAny(_ => { });
        });
        Self.Tell(PoisonPill.Instance); // after what is queued
    }
}
