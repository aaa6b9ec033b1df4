package org.relman.notify;

/** Sends one delivery through one outside system; throws when that system did not take it. */
interface Messenger {

  Channel channel();

  void send(Delivery delivery) throws Exception;
}
