"""The Python API (Network.from_arrays) refuses what the CSV reader refuses, with errors
naming the table, row and column."""

from __future__ import annotations

import numpy as np
import pytest

from steadfast.engine import Network, NetworkError

IDS = ["a", "b", "p"]
GOOD = dict(edges_from=["a", "b"], edges_to=["p", "p"], qty=[1.0, 2.0], demand=[0, 0, 5])


def build(**changes):
    return Network.from_arrays(changes.pop("ids", IDS), **{**GOOD, **changes})


def test_the_good_network_builds():
    network = build()
    assert network.num_nodes == 3 and network.num_edges == 2


@pytest.mark.parametrize(("changes", "message"), [
    ({"ids": ["a", "a", "p"]}, "nodes, row 1, column 'id': duplicate node id 'a'"),
    ({"ids": ["a", "", "p"]}, "nodes, row 1, column 'id': empty node id"),
    ({"ids": ["a", None, "p"]}, "nodes, row 1, column 'id': id must be text, got None"),
    ({"capacity": [1, 2]}, "nodes, column 'capacity': capacity has 2 values for 3 nodes"),
    ({"capacity": [1, -2, 3]}, "nodes, row 1, column 'capacity': capacity must be a non-negative number"),
    ({"inventory": [1, "lots", 3]}, "nodes, row 1, column 'inventory': inventory must be a number, got 'lots'"),
    ({"inventory": [0, np.inf, 0]}, "nodes, row 1, column 'inventory': inventory must be a non-negative number"),
    ({"demand": [0, 0, np.nan]}, "nodes, row 2, column 'demand': demand must be a non-negative number"),
    ({"profit": [[1], [2], [3]]}, "nodes, column 'profit': profit must be a list of numbers"),
    ({"ttr": [0, 1, 1]}, "nodes, row 0, column 'ttr': ttr must be a positive number"),
    ({"parts": ["A", "B"]}, "nodes, column 'part': part has 2 values for 3 nodes"),
    ({"sites": ["s", ["x"], "s"]}, "nodes, row 1, column 'site': site must be text"),
    ({"qty": [1.0]}, "edges, column 'qty': qty has 1 values for 2 edges"),
    ({"qty": [1.0, 0.0]}, "edges, row 1, column 'qty': qty must be a positive number"),
    ({"qty": [1.0, "two"]}, "edges, row 1, column 'qty': qty must be a number, got 'two'"),
    ({"edges_to": ["p"]}, "edges, column 'to': edges_from has 2 values but edges_to 1"),
    ({"edges_from": ["a", "x"]}, "edges, row 1, column 'from': unknown node 'x'"),
    ({"edges_from": ["a", ""]}, "edges, row 1, column 'from': from is required"),
    ({"edges_to": ["p", ("p",)]}, "edges, row 1, column 'to': unknown node ('p',)"),
])
def test_bad_arrays_are_refused_with_their_place(changes, message):
    with pytest.raises(NetworkError) as error:
        build(**changes)
    assert str(error.value).startswith(message)


def test_integer_ids_are_read_as_text():
    network = Network.from_arrays([1, 2], edges_from=[1], edges_to=[2], demand=[0, 1])
    assert network.node_ids == ("1", "2") and network.num_edges == 1
