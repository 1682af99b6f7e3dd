using ActorNet.Actors.ClusterRuntime.Proto;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>
/// Heartbeats: this node heartbeats the receivers the ring assigns it, their answers feed one
/// phi-accrual detector per address, and the reaper turns the detectors' verdicts into reachability
/// observations in the snapshot (Unreachable/Reachable events follow from the diff).
/// </summary>
internal sealed partial class ClusterDaemon
{
    private readonly FailureDetectorRegistry<Address> _detectors;
    private HeartbeatSenderState _heartbeat;
    // Receivers that have been sent a first heartbeat (their first-answer deadline is running or over).
    private readonly HashSet<UniqueAddress> _heartbeatStarted = [];
    private long _heartbeatSequence;

    private void OnHeartbeatTick()
    {
        if (!IsMember) return;
        var heartbeat = new Heartbeat { From = ClusterWire.ToWire(_self), Sequence = ++_heartbeatSequence };
        var receivers = _heartbeat.ActiveReceivers;
        foreach (var receiver in receivers)
        {
            DaemonAt(receiver.Address).Tell(heartbeat, Self);
            if (_heartbeatStarted.Add(receiver))
                Timers.StartSingleTimer(("first-heartbeat", receiver), new ExpectedFirstHeartbeat(receiver), _settings.FailureDetector.HeartbeatInterval);
        }
        _heartbeatStarted.RemoveWhere(n => !receivers.Contains(n));
        Update(ReachabilityReaper.Reap(_state, _self, _detectors.IsAvailable));
    }

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        if (_shuttingDown) return;
        Sender.Tell(new HeartbeatResponse { From = ClusterWire.ToWire(_self), Sequence = heartbeat.Sequence }, Self);
    }

    private void OnHeartbeatResponse(HeartbeatResponse response)
    {
        try
        {
            _heartbeat = _heartbeat.HeartbeatResponse(ClusterWire.FromWire(response.From, "heartbeat response"));
        }
        catch (FormatException error)
        {
            _log.LogWarning("cluster node {Self} dropped a malformed heartbeat response: {Error}", _self.Address, error.Message);
        }
    }
}
