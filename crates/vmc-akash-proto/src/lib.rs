//! Protobuf wire types (prost) for the Akash and Cosmos messages vmc sends and reads.
