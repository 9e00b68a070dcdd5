package dev.nucleus.ports;

public class PolicyRejectedException extends LaunchFailedException { public PolicyRejectedException(String message) { super(message); } }
