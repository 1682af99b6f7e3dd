using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorNet.ControlPlane;

/// <summary>
/// Holds back a seed that restarts on its fixed port while the running cluster still counts its previous run as a
/// reachable member. A member tearing down its link to the dead incarnation at the moment the new one connects can
/// leave its answers to the new one on the dead link (an Akka.Remote race), and a first seed that hears no answer
/// forms a cluster of its own: restarted at once, our process test lost that race in 8 of 15 runs, and never once it
/// waited until a member had marked the old incarnation unreachable. So before its actor system starts, a seed asks
/// its other contact points (as <c>actornet status</c> does) whether they see a reachable member at its own address,
/// and waits until none does.
/// </summary>
public static class RestartedSeed
{
    // No answer within this: nothing runs there (a first start, before the other contact points), or it is too busy to
    // say. It is what a first start of such a seed costs when its other contact points are not up yet. (A plain TCP probe
    // would answer sooner, but a member with TLS logs each such connection as a failed handshake.)
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns once no other contact point sees a reachable member at this node's address (at once when the node has
    /// no fixed port or no other contact point; after a few seconds when none of them answers), or after
    /// <paramref name="patience"/>.
    /// </summary>
    /// <param name="configuration">The seed's effective configuration (hostname, port, seed nodes, credentials).</param>
    /// <param name="log">Where the wait is reported.</param>
    /// <param name="patience">The longest wait; the seed then starts anyway.</param>
    /// <param name="cancellationToken">Stops the wait (the node is being stopped).</param>
    public static async Task WaitUntilPreviousRunIsGoneAsync(IConfiguration configuration, ILogger log, TimeSpan patience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(log);
        if (!int.TryParse(configuration["actornet:remote:port"], out var port) || port == 0) return;
        var host = configuration["actornet:remote:hostname"] is { Length: > 0 } h ? h : "127.0.0.1";
        var tls = RemoteSecurity.FromConfiguration(configuration).Ssl is not null;
        var others = AkkaConfigBuilder.List(configuration, "actornet:cluster:seed-nodes")
            .Select(s => Address.Parse(AkkaConfigBuilder.SeedNode(s, tls)))
            .Where(a => !IsAt(a, host, port))
            .ToList();
        var waited = Stopwatch.StartNew();
        var reported = false;
        while (await SeenReachableAsync(configuration, others, host, port).ConfigureAwait(false) is { } seenBy)
        {
            if (!reported)
                log.LogInformation("the running cluster still counts this seed's previous run as reachable (seen by {Member}); " +
                                   "joining once it has noticed that run is gone", seenBy);
            reported = true;
            if (waited.Elapsed > patience)
            {
                log.LogWarning("{Member} still counts this seed's previous run as reachable after {Seconds:0} s; starting anyway", seenBy, waited.Elapsed.TotalSeconds);
                return;
            }
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
        if (reported) log.LogInformation("the previous run is gone after {Seconds:0.0} s; joining", waited.Elapsed.TotalSeconds);
    }

    // A contact point that answers (all asked at once) and lists a reachable member at host:port; null when none does.
    private static async Task<string?> SeenReachableAsync(IConfiguration configuration, List<Address> others, string host, int port)
    {
        var answers = await Task.WhenAll(others.Select(async other =>
        {
            try
            {
                var reply = await ClusterStatus.QueryAsync(configuration, other.ToString(), QueryTimeout).ConfigureAwait(false);
                return reply.Members.Any(m => m.Reachable && m.Status is not ("Down" or "Removed" or "Exiting") && IsAt(Address.Parse(m.Address), host, port))
                    ? other.ToString() : null;
            }
            catch (TimeoutException)
            {
                return null;
            }
        })).ConfigureAwait(false);
        return answers.FirstOrDefault(a => a is not null);
    }

    private static bool IsAt(Address address, string host, int port) =>
        address.Port == port && string.Equals(address.Host, host, StringComparison.OrdinalIgnoreCase);
}
