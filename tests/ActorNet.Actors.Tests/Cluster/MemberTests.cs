using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class MemberTests
{
    // Akka's table of allowed moves, written out independently of the implementation.
    private static readonly (MemberStatus From, MemberStatus To)[] Allowed =
    {
        (MemberStatus.Joining, MemberStatus.WeaklyUp), (MemberStatus.Joining, MemberStatus.Up),
        (MemberStatus.Joining, MemberStatus.Leaving), (MemberStatus.Joining, MemberStatus.Down),
        (MemberStatus.Joining, MemberStatus.Removed),
        (MemberStatus.WeaklyUp, MemberStatus.Up), (MemberStatus.WeaklyUp, MemberStatus.Leaving),
        (MemberStatus.WeaklyUp, MemberStatus.Down), (MemberStatus.WeaklyUp, MemberStatus.Removed),
        (MemberStatus.Up, MemberStatus.Leaving), (MemberStatus.Up, MemberStatus.Down), (MemberStatus.Up, MemberStatus.Removed),
        (MemberStatus.Leaving, MemberStatus.Exiting), (MemberStatus.Leaving, MemberStatus.Down),
        (MemberStatus.Leaving, MemberStatus.Removed),
        (MemberStatus.Exiting, MemberStatus.Removed), (MemberStatus.Exiting, MemberStatus.Down),
        (MemberStatus.Down, MemberStatus.Removed),
    };

    public static TheoryData<MemberStatus, MemberStatus> AllPairs()
    {
        var data = new TheoryData<MemberStatus, MemberStatus>();
        foreach (var from in Enum.GetValues<MemberStatus>())
            foreach (var to in Enum.GetValues<MemberStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Transitions_follow_Akka_exactly(MemberStatus from, MemberStatus to)
    {
        bool expected = from == to || Allowed.Contains((from, to));
        Assert.Equal(expected, MemberStatusTransitions.IsAllowed(from, to));
    }

    [Fact]
    public void Illegal_move_throws_naming_both_states()
    {
        var down = Joining(1).WithStatus(MemberStatus.Down);
        var error = Assert.Throws<InvalidMemberStatusTransitionException>(() => down.WithStatus(MemberStatus.Up));
        Assert.Contains("Down", error.Message);
        Assert.Contains("Up", error.Message);
        Assert.Contains(Node(1).ToString(), error.Message);
        Assert.Equal(MemberStatus.Down, error.From);
        Assert.Equal(MemberStatus.Up, error.To);
        Assert.Throws<InvalidMemberStatusTransitionException>(() => Up(1, 1).WithStatus(MemberStatus.Joining));
        Assert.Throws<InvalidMemberStatusTransitionException>(() => down.MovedUp(3));
    }

    [Fact]
    public void Legal_moves_keep_identity_and_roles()
    {
        var joining = Joining(1, "worker", "seed");
        var leaving = joining.MovedUp(4).WithStatus(MemberStatus.Leaving);
        Assert.Equal(joining, leaving);
        Assert.Equal(MemberStatus.Leaving, leaving.Status);
        Assert.Equal(4, leaving.UpNumber);
        Assert.Equal(new[] { "seed", "worker" }, leaving.Roles);
        Assert.True(leaving.HasRole("worker"));
        Assert.False(leaving.HasRole("server"));
    }

    [Fact]
    public void Oldest_is_the_lowest_up_number_then_the_lowest_address()
    {
        var first = Up(9, 1);
        var second = Up(2, 2);
        var tieLow = Up(3, 5);
        var tieHigh = Up(4, 5);
        var joining = Joining(1);

        Assert.True(first.IsOlderThan(second));
        Assert.True(tieLow.IsOlderThan(tieHigh));
        Assert.True(second.IsOlderThan(joining));
        Assert.Equal(new[] { first, second, tieLow, tieHigh, joining },
            new[] { joining, tieHigh, second, first, tieLow }.Order(Member.AgeOrdering).ToArray());
    }

    [Fact]
    public void Members_sort_by_address()
    {
        var members = new[] { Up(3, 1), Joining(1), Up(2, 2) };
        Assert.Equal(new int?[] { 1, 2, 3 }, members.Order().Select(m => m.Address.Port).ToArray());
    }

    [Fact]
    public void Highest_priority_prefers_later_status_then_older()
    {
        var up = Up(1, 1);
        var leaving = up.WithStatus(MemberStatus.Leaving);
        var down = up.WithStatus(MemberStatus.Down);
        Assert.Same(leaving, Member.HighestPriorityOf(up, leaving));
        Assert.Same(down, Member.HighestPriorityOf(down, leaving));
        Assert.Same(up, Member.HighestPriorityOf(Joining(1), up));
        var older = Joining(1).MovedUp(1);
        var younger = Joining(1).MovedUp(2);
        Assert.Same(older, Member.HighestPriorityOf(younger, older));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("x,y")]
    public void Bad_role_names_are_refused(string role)
    {
        var error = Assert.Throws<ArgumentException>(() => Joining(1, role));
        Assert.Contains("role", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
