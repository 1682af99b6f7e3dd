namespace ActorNet.Actors.Tests.ClusterModel;

/// <summary>Builds addresses and members for the membership tests.</summary>
internal static class TestNodes
{
    public static UniqueAddress Node(int port, long uid = 1) => new(Address.Tcp("sys", "127.0.0.1", port), uid);

    public static Member Joining(int port, params string[] roles) => Member.Joining(Node(port), roles);

    public static Member Up(int port, int upNumber, params string[] roles) => Joining(port, roles).MovedUp(upNumber);

    public static Member WithStatus(int port, MemberStatus status, params string[] roles)
    {
        var member = Joining(port, roles);
        return status switch
        {
            MemberStatus.Joining => member,
            MemberStatus.Up => member.MovedUp(port),
            MemberStatus.Exiting => member.MovedUp(port).WithStatus(MemberStatus.Leaving).WithStatus(MemberStatus.Exiting),
            _ => member.WithStatus(status),
        };
    }
}
