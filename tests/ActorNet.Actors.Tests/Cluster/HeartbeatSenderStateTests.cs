using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class HeartbeatSenderStateTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FailureDetectorRegistry<Address> _detectors;

    public HeartbeatSenderStateTests() =>
        _detectors = new FailureDetectorRegistry<Address>(() => new PhiAccrualFailureDetector(new FailureDetectorOptions(), _time));

    private static Membership UpTo(int count) => Membership.Empty.Update(Enumerable.Range(1, count).Select(p => Up(p, p)));

    [Fact]
    public void Receivers_follow_the_ring_and_answers_feed_the_detectors()
    {
        var state = HeartbeatSenderState.Create(Node(1), _detectors).MembershipChanged(UpTo(8));
        Assert.Equal(Enumerable.Range(2, 5).Select(p => Node(p)).ToArray(), state.ActiveReceivers.ToArray());

        state = state.HeartbeatResponse(Node(2)).HeartbeatResponse(Node(8));
        Assert.True(_detectors.IsMonitoring(Node(2).Address));
        Assert.False(_detectors.IsMonitoring(Node(8).Address)); // not a receiver: ignored
    }

    [Fact]
    public void A_receiver_that_never_answers_is_monitored_after_the_expected_first_heartbeat()
    {
        var state = HeartbeatSenderState.Create(Node(1), _detectors).MembershipChanged(UpTo(3));
        state.ExpectedFirstHeartbeat(Node(3));
        Assert.True(_detectors.IsMonitoring(Node(3).Address));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_detectors.IsAvailable(Node(3).Address));
    }

    [Fact]
    public void Receivers_dropping_out_of_the_ring_stop_being_monitored_unless_unavailable()
    {
        var state = HeartbeatSenderState.Create(Node(1), _detectors, monitoredByNrOfMembers: 2).MembershipChanged(UpTo(6));
        Assert.Equal(new[] { Node(2), Node(3) }, state.ActiveReceivers);
        state = state.HeartbeatResponse(Node(2)).HeartbeatResponse(Node(3));
        _time.Advance(TimeSpan.FromSeconds(1));
        state = state.HeartbeatResponse(Node(2));
        _time.Advance(TimeSpan.FromSeconds(30));
        state = state.HeartbeatResponse(Node(2));   // 2 alive, 3 silent for 31 s

        // A node that sorts between 1 and 2 joins (same host and port as 1, system name after "sys"):
        // the ring now ends at 2, so 3 drops out; being unavailable, it stays an active receiver.
        var between = new UniqueAddress(Address.Tcp("zz", "127.0.0.1", 1), 7);
        state = state.MembershipChanged(UpTo(6).Update([Member.Joining(between, [])]));
        Assert.Equal(new[] { between, Node(2) }, state.Ring.MyReceivers);
        Assert.Equal(new[] { between, Node(2), Node(3) }, state.ActiveReceivers);
        Assert.Equal(new[] { Node(3) }, state.OldReceiversNowUnreachable);
        Assert.True(_detectors.IsMonitoring(Node(3).Address));

        // 3 answers again: it leaves the active receivers and its detector is dropped.
        state = state.HeartbeatResponse(Node(3));
        Assert.Empty(state.OldReceiversNowUnreachable);
        Assert.False(_detectors.IsMonitoring(Node(3).Address));
        Assert.DoesNotContain(Node(3), state.ActiveReceivers);
    }

    [Fact]
    public void Removed_members_are_no_longer_heartbeated()
    {
        var state = HeartbeatSenderState.Create(Node(1), _detectors, monitoredByNrOfMembers: 2).MembershipChanged(UpTo(6));
        state = state.HeartbeatResponse(Node(3));
        _time.Advance(TimeSpan.FromSeconds(30));
        state = state.MembershipChanged(UpTo(6).Remove([Node(3)], GossipSimulation.Now));
        Assert.Equal(new[] { Node(2), Node(4) }, state.ActiveReceivers);
        Assert.False(_detectors.IsMonitoring(Node(3).Address));
    }
}
